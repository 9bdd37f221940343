import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";
import { eq } from "drizzle-orm";
import type { AppContext } from "~/infra/app-context";
import type { DbHandle } from "~/infra/db/client.server";
import { users } from "~/infra/db/schema";
import type { Kv } from "~/infra/kv/prefixed";
import { createSession, sessionCookieName } from "~/infra/session.server";
import { RATE_LIMITS_OFF, startAppOver } from "./app";
import { REDIS_SERVER } from "./requirements";

// Helpers for the operations suites (tests/integration/ops-*.test.ts): an app instance over a database and KV the test
// chooses (so two instances can share them, or the KV can be a Redis the test owns and kills), a scrape parser and a
// private redis-server.

export type OpsApp = Awaited<ReturnType<typeof startOpsApp>>;

export async function startOpsApp(opts: { dbHandle: DbHandle; kv: Kv; env?: Record<string, string> }) {
  const { ctx, logLines, handler, request, dataDir } = await startAppOver({
    dbHandle: opts.dbHandle,
    kv: opts.kv,
    dataDirPrefix: "lh-ops-",
    env: { ...RATE_LIMITS_OFF, ...opts.env },
    clientAddress: "198.51.100.7",
  });
  return {
    ctx,
    logLines,
    handler,
    request,
    /** Metric samples of this instance, `name{labels}` → value. */
    async scrape(): Promise<Map<string, number>> {
      return parseScrape(await ctx.metrics.metricsText());
    },
    close() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function parseScrape(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** Sum of every sample whose series starts with `prefix` (e.g. `lh_cache_hits_total{namespace="catalog"`). */
export function total(samples: Map<string, number>, prefix: string): number {
  let n = 0;
  for (const [k, v] of samples) if (k.startsWith(prefix)) n += v;
  return n;
}

/** A session cookie for a seeded user, as if they had signed in. */
export async function sessionCookieFor(ctx: AppContext, email: string): Promise<string> {
  const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!u) throw new Error(`no seeded user ${email}`);
  const { token } = await createSession(ctx.db, ctx.clock, u.id, { persistent: false });
  return `${sessionCookieName(ctx.config)}=${token}`;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A redis-server this test owns (never the shared 6379 one), so it may kill or freeze it. No persistence unless `args`
 * (appended to the command line) turn it on.
 */
export async function privateRedis(opts: { args?: string[] } = {}) {
  const redisServer = REDIS_SERVER;
  if (!redisServer) throw new Error("redis-server not installed");
  const port = await freePort();
  // Where an AOF or RDB file would go: made at each start, removed at each stop.
  const dataDir = opts.args ? path.join(tmpdir(), `lh-redis-${port}-${process.pid}`) : null;
  const dir = dataDir ? ["--dir", dataDir] : [];
  let proc: ChildProcess | undefined;
  const up = () =>
    new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true))).on("error", () => resolve(false));
    });
  const start = async () => {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...dir];
    proc = spawn(redisServer, [...args, ...(opts.args ?? [])], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      if (await up()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("private redis-server did not start");
  };
  const stop = async () => {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc!.once("exit", r));
    proc.kill("SIGKILL");
    await exited;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    /** Hung, not dead: connections stay open and nothing answers (SIGSTOP), until `thaw`. */
    freeze: () => void proc?.kill("SIGSTOP"),
    thaw: () => void proc?.kill("SIGCONT"),
  };
}
