import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A stand-in for Grafana Loki's HTTP API, enough for a log shipper and a LogQL query by request id:
 * - `POST /loki/api/v1/push` — JSON `{ streams: [{ stream: {label: value}, values: [[unix ns, line, meta?]] }] }`
 *   (gzip accepted), 204; label names must match Loki's `[a-zA-Z_][a-zA-Z0-9_]*`, else 400 as Loki answers;
 * - `GET /loki/api/v1/query_range?query=…` — `{ status: "success", data: { resultType: "streams", result } }` for
 *   the LogQL subset this project documents: a stream selector of `label="value"` matchers, then any of
 *   `|= "text"`, `!= "text"`, `| json` and `| field="value"` (a field of the JSON line). Anything else is a 400
 *   `parse error`, so a query the guide gets wrong fails here too.
 */
export type LokiStream = { stream: Record<string, string>; values: [string, string][] };

export async function startLokiStandIn() {
  const streams = new Map<string, LokiStream>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://loki");
      const send = (status: number, body?: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(body === undefined ? undefined : JSON.stringify(body));
      if (req.method === "POST" && url.pathname === "/loki/api/v1/push") {
        let raw = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
        const body = JSON.parse(raw.toString("utf8")) as { streams: { stream: Record<string, string>; values: string[][] }[] };
        for (const s of body.streams) {
          const bad = Object.keys(s.stream).find((k) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k));
          if (bad) return send(400, { message: `error parsing labels: invalid label name ${bad}` });
          const key = JSON.stringify(Object.entries(s.stream).sort());
          const entry = streams.get(key) ?? { stream: s.stream, values: [] };
          entry.values.push(...s.values.map(([ts, line]) => [ts, line] as [string, string]));
          streams.set(key, entry);
        }
        return send(204);
      }
      if (req.method === "GET" && url.pathname === "/loki/api/v1/query_range") {
        const query = parseLogQL(url.searchParams.get("query") ?? "");
        if (!query) return res.writeHead(400, { "content-type": "text/plain" }).end("parse error");
        const result = [...streams.values()]
          .filter((s) => query.selector.every(([k, v]) => s.stream[k] === v))
          .map((s) => ({ stream: s.stream, values: s.values.filter(([, line]) => query.stages.every((keep) => keep(line))) }))
          .filter((s) => s.values.length > 0);
        return send(200, { status: "success", data: { resultType: "streams", result } });
      }
      if (url.pathname === "/ready") return res.writeHead(200).end("ready");
      return send(404, { message: "not found" });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every stream received, by its label set. */
    streams: () => [...streams.values()],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;

function parseLogQL(query: string): { selector: [string, string][]; stages: ((line: string) => boolean)[] } | null {
  const head = new RegExp(String.raw`^\s*\{([^}]*)\}`).exec(query);
  if (!head) return null;
  const selector: [string, string][] = [];
  for (const part of head[1]
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = new RegExp(String.raw`^(\w+)\s*=\s*${STRING}$`).exec(part);
    if (!m) return null;
    selector.push([m[1], JSON.parse(`"${m[2]}"`) as string]);
  }
  const stages: ((line: string) => boolean)[] = [];
  let rest = query.slice(head[0].length).trim();
  let json = false;
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(String.raw`^(\|=|!=)\s*${STRING}`).exec(rest))) {
      const [op, text] = [m[1], JSON.parse(`"${m[2]}"`) as string];
      stages.push((line) => line.includes(text) === (op === "|="));
    } else if ((m = /^\|\s*json\b/.exec(rest))) {
      json = true;
    } else if ((m = new RegExp(String.raw`^\|\s*(\w+)\s*=\s*${STRING}`).exec(rest)) && json) {
      const [field, value] = [m[1], JSON.parse(`"${m[2]}"`) as string];
      stages.push((line) => {
        try {
          return String((JSON.parse(line) as Record<string, unknown>)[field]) === value;
        } catch {
          return false;
        }
      });
    } else return null;
    rest = rest.slice(m[0].length).trim();
  }
  return { selector, stages };
}
