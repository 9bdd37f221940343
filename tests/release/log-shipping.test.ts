import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb } from "../support/backends";
import { startLokiStandIn } from "../support/loki-stand-in";
import { freePort } from "../support/ops";
import { seedTestShop } from "../support/seed-shop";
import { SERVER_JS } from "../support/node-server";

// The Node modes' log shipping (ops/loki/): the built server's stdout piped into `npm run logs:loki`, as the systemd
// unit runs it, into Loki — Grafana Loki itself when LOKI_BIN names its binary (Debian's `loki` package is an
// unrelated genetics program), else the Loki API stand-in. Then the guide's LogQL query finds a request by its id.

type Loki = { url: string; close(): Promise<void> | void };
let loki: Loki;
let db: Awaited<ReturnType<typeof createTestDb>>;
let shop: ChildProcess;
let base: string;

async function startRealLoki(bin: string): Promise<Loki> {
  const dir = mkdtempSync(path.join(tmpdir(), "lh-loki-"));
  const port = await freePort();
  const proc = spawn(bin, ["-config.file=ops/loki/loki-local.yml", "-config.expand-env=true"], {
    env: { ...process.env, LOKI_DIR: dir, LOKI_PORT: String(port) },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/ready`).catch(() => null))?.status === 200);
  return { url, close: () => (proc.kill("SIGTERM"), rmSync(dir, { recursive: true, force: true })) };
}

/** Polls `ready` (a loaded machine may take a while); gives up only after a generous bound. */
async function until(ready: () => Promise<boolean>, bound = 120) {
  for (let i = 0; i < bound; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("not ready in time");
}

beforeAll(async () => {
  loki = process.env.LOKI_BIN ? await startRealLoki(process.env.LOKI_BIN) : await startLokiStandIn();
  db = await createTestDb("pg");
  await seedTestShop(db.dbHandle.db, { demoCustomer: false });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  shop = spawn("bash", ["-c", `set -o pipefail; node ${JSON.stringify(SERVER_JS)} | npm run --silent logs:loki`], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: base,
      DATABASE_URL: db.url,
      ADMIN_PASSWORD: "admin-password-123",
      LOKI_URL: loki.url,
      LH_ENV: "test",
    },
    stdio: "ignore",
    detached: true, // its own process group: bash, node and the shipper stop together
  });
  await until(async () => (await fetch(`${base}/api/health-simple`).catch(() => null))?.status === 200);
});
afterAll(async () => {
  if (shop?.pid) process.kill(-shop.pid, "SIGTERM");
  await db?.cleanup();
  await loki?.close();
});

it("ships the JSON lines with bounded labels and redaction intact; the guide's LogQL query finds a request by id", async () => {
  const requestId = `loki-${randomBytes(6).toString("hex")}`;
  expect((await fetch(`${base}/shop`, { headers: { "x-request-id": requestId } })).status).toBe(200);
  // A failed sign-in: an email and a password go in, and must not come out in the logs.
  const secret = { email: "lerato.mokoena@example.com", password: `Pw-${randomBytes(6).toString("hex")}` };
  await fetch(`${base}/login`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded", "x-request-id": `${requestId}-login` },
    body: new URLSearchParams(secret),
  });

  // The query exactly as docs/monitoring.md gives it.
  const guide = readFileSync("docs/monitoring.md", "utf8");
  const template = /```logql\n(.*REQUEST_ID.*)\n```/.exec(guide)?.[1];
  expect(template, "docs/monitoring.md has a ```logql block with REQUEST_ID").toBeDefined();
  const query = (id: string) => template!.replace('env="production"', 'env="test"').replace("REQUEST_ID", id);
  const search = async (id: string) => {
    const url = new URL("/loki/api/v1/query_range", loki.url);
    url.searchParams.set("query", query(id));
    url.searchParams.set("start", String((Date.now() - 600_000) * 1e6));
    url.searchParams.set("limit", "100");
    const res = await fetch(url);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } }).data
      .result;
  };
  let found: Awaited<ReturnType<typeof search>> = [];
  await until(async () => (found = await search(requestId)).length > 0);

  const lines = found.flatMap((s) => s.values.map(([, line]) => JSON.parse(line) as Record<string, unknown>));
  expect(lines.some((l) => l.requestId === requestId && l.status === 200 && l.route === "routes/shop._index")).toBe(true);
  for (const s of found) expect(Object.keys(s.stream).sort()).toEqual(["app", "env", "level"]);
  expect(found[0].stream).toMatchObject({ app: "little-harvest", env: "test", level: "info" });

  let login: Awaited<ReturnType<typeof search>> = [];
  await until(async () => (login = await search(`${requestId}-login`)).length > 0);
  const shipped = JSON.stringify(login);
  expect(shipped).toContain(`${requestId}-login`);
  expect(shipped).not.toContain(secret.password);
  expect(shipped).not.toContain(secret.email);
});

it("keeps the shipper's npm script in step with the systemd example", () => {
  const unit = readFileSync("ops/loki/little-harvest.service", "utf8");
  expect(unit).toContain("| npm run --silent logs:loki");
  expect(spawnSync("npx", ["pino-loki", "--version"], { encoding: "utf8" }).stdout).toMatch(/\d+\.\d+\.\d+/);
});
