import { describe, expect, it } from "vitest";
import { createJsonLogger } from "~/infra/json-logger";
import { createLogger } from "~/infra/log.server";

// The worker's logger must write what pino writes on Node: same fields, same redaction, same scrubbing.
function bothLoggers() {
  const pinoLines: string[] = [];
  const jsonLines: string[] = [];
  const pino = createLogger({ level: "info", destination: { write: (l: string) => void pinoLines.push(l) } });
  const json = createJsonLogger({ level: "info", write: (l) => void jsonLines.push(l) });
  const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { pino, json, lines: () => ({ pino: parsed(pinoLines), json: parsed(jsonLines) }) };
}

const withoutTime = ({ time, ...rest }: Record<string, unknown>) => {
  expect(typeof time).toBe("string");
  return rest;
};

describe("JSON logger for workerd", () => {
  it("writes the same line as pino, redacting secrets and personal data at every configured depth", () => {
    const { pino, json, lines } = bothLoggers();
    const entry = {
      password: "hunter2-hunter2",
      user: { email: "parent@example.com", phone: "+27 82 555 0123", name: "Thandi" },
      request: { headers: { cookie: "__Host-lh_session=abc", authorization: "Bearer xyz", accept: "text/html" } },
      deep: { inner: { token: "t0ken" } },
      count: 3,
    };
    for (const log of [pino, json]) log.child({ requestId: "req-12345678" }).warn(entry, "signup for parent@example.com");
    const {
      pino: [p],
      json: [j],
    } = lines();
    expect(withoutTime(j)).toEqual(withoutTime(p));
    expect(JSON.stringify(j)).not.toMatch(/hunter2|parent@example|555 0123|abc|xyz|t0ken/);
    expect(j).toMatchObject({
      level: "warn",
      app: "little-harvest",
      requestId: "req-12345678",
      count: 3,
      msg: "signup for [email]",
    });
    expect(entry.user.email).toBe("parent@example.com"); // the caller's object is left alone
  });

  it("serialises errors like pino and honours the level", () => {
    const { json, lines } = bothLoggers();
    json.debug({ x: 1 }, "not at info");
    json.error({ err: new TypeError("boom for a@b.co") }, "failed");
    const [line] = lines().json;
    expect(lines().json).toHaveLength(1);
    expect(line.err).toMatchObject({ type: "TypeError", message: "boom for [email]" });
  });
});
