// The Node adapter as an operator meets it: a real `node build/server.js` process.
import { spawnSync } from "node:child_process";
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "~/infra/db/client.server";
import { TEST_PG_URL } from "../support/backends";
import { postgresAvailable } from "../support/requirements";
import { startNeonWsBridge } from "../support/neon-ws-bridge";
import { SERVER_JS as serverJs, startServerProcess as start } from "../support/node-server";
import { freePort } from "../support/ops";

const pgUp = await postgresAvailable("server-process.test");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDataDir() {
  const d = mkdtempSync(path.join(tmpdir(), "lh-proc-"));
  dirs.push(d);
  return d;
}

/** A GET over the given agent (false = a fresh connection of its own). */
function getVia(agent: http.Agent | false, url: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
      })
      .on("error", reject);
  });
}

/** A POST whose headers go now and whose body follows when `finish` is called. */
function slowPost(url: string) {
  const req = http.request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  return { status, finish: (body: string) => req.end(body) };
}

/** A POST of `bytes` bytes streamed in 1 MB chunks (chunked when `declare` is false); resolves with the status. */
function hugePost(url: string, bytes: number, declare: boolean) {
  const req = http.request(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(url).origin,
      ...(declare ? { "content-length": String(bytes) } : {}),
    },
  });
  const chunk = Buffer.alloc(1024 * 1024, "a");
  let sent = 0;
  let answered = false;
  const pump = () => {
    while (!answered && sent < bytes && req.write(chunk)) sent += chunk.length;
    if (!answered && sent >= bytes) req.end();
  };
  req.on("drain", () => {
    sent += chunk.length;
    pump();
  });
  const status = new Promise<{ status: number; sent: number }>((resolve, reject) => {
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode!, sent });
      req.destroy();
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
  });
  pump();
  return status;
}

/** A request with any method, which fetch() refuses to send (TRACE). */
function rawRequest(url: string, method: string) {
  return new Promise<{ status: number; allow?: string }>((resolve, reject) => {
    http
      .request(url, { method }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, allow: res.headers.allow });
      })
      .on("error", reject)
      .end();
  });
}

// Real processes start PGlite, migrate and seed: slow on a loaded 2-core machine.
describe("server process", { timeout: 180_000 }, () => {
  it("refuses to start on a bad DATABASE_URL with one line naming it", () => {
    const r = spawnSync(process.execPath, [serverJs], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: "not-a-url" },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DATABASE_URL");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("the main command (no NODE_ENV) renders pages with React's production build while the app keeps its development mode", async () => {
    const out = path.join(freshDataDir(), "loaded.json");
    const preload = path.resolve("tests/support/loaded-modules.cjs");
    const server = start({ NODE_ENV: undefined, DATA_DIR: freshDataDir(), LOADED_MODULES_OUT: out }, await freePort(), [
      "--require",
      preload,
    ]);
    const url = await server.ready;
    // A guest cart cookie: the page is rendered, not served from the anonymous page cache.
    const page = await fetch(`${url}/shop`, { headers: { cookie: "lh_cart=00000000-0000-4000-8000-000000000000" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Chicken Pasta Primavera");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const react = (JSON.parse(readFileSync(out, "utf8")) as string[]).filter((f) => /node_modules\/react(-dom)?\/cjs\//.test(f));
    expect(react).toContainEqual(expect.stringMatching(/react-dom-server\.browser\.production/));
    expect(react.filter((f) => f.includes("development"))).toEqual([]);
    // The app's own mode is still development: human-readable logs, not JSON lines.
    expect(server.output()).toContain("Little Harvest listening");
    expect(server.output()).not.toMatch(/^\{"level"/m);
  });

  it("embedded mode keeps its data across restarts, and SIGTERM drains: in-flight and keep-alive requests are answered, readiness turns 503, exit 0", async () => {
    const DATA_DIR = freshDataDir();
    // A drain far longer than the few requests below need, so a busy machine cannot make them miss it.
    const first = start({ DATA_DIR, SHUTDOWN_DRAIN_MS: "5000" }, await freePort());
    const url = await first.ready;
    expect(await (await fetch(`${url}/shop`)).text()).toContain("Chicken Pasta Primavera");
    // Two idle keep-alive connections, as a load balancer keeps them.
    const balancer = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
    for (const agent of balancer) expect((await getVia(agent, `${url}/api/health-simple`)).status).toBe(200);
    // A form post whose body is still arriving when SIGTERM lands: the server must finish it before exiting.
    const slow = slowPost(`${url}/login`);
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill("SIGTERM");
    for (let i = 0; i < 100 && !first.output().includes("shutting down"); i++) await new Promise((r) => setTimeout(r, 50));
    await expect(getVia(false, `${url}/shop`)).rejects.toThrow(); // no new connections once draining
    // Requests on connections already open are still answered, each told to close its connection.
    const readiness = await getVia(balancer[0], `${url}/api/system-status`);
    expect(readiness.status).toBe(503);
    const page = await getVia(balancer[1], `${url}/shop`);
    expect(page.status).toBe(200);
    expect(page.headers.connection).toBe("close");
    slow.finish("email=parent%40example.com&password=harvest-demo-2026");
    expect(await slow.status).toBe(303);
    expect(await first.exited).toBe(0);
    const shutdownLine = first
      .output()
      .split("\n")
      .find((l) => l.includes("shutting down"));
    expect(JSON.parse(shutdownLine!).inFlight).toBe(1);

    // Edit a product directly in the embedded database, then start again on the same DATA_DIR.
    const handle = await createDb({ driver: "pglite", dataDir: DATA_DIR });
    await handle.db.execute(
      sql`update products set name = 'Renamed Butternut Delight' where slug = 'beef-butternut-lentil-puree'`,
    );
    await handle.close();

    const second = start({ DATA_DIR }, await freePort());
    const url2 = await second.ready;
    const html = await (await fetch(`${url2}/shop`)).text();
    expect(html).toContain("Renamed Butternut Delight");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  // One embedded server for the four findings below, each its own test so each is proven on its own.
  describe("issue 11 findings on a running server", () => {
    let DATA_DIR: string;
    let port: number;
    let server: ReturnType<typeof start>;
    let url: string;
    beforeAll(async () => {
      DATA_DIR = freshDataDir();
      port = await freePort();
      // Behind one trusted proxy: forwarded headers matter for the spoofing test, and change nothing else here.
      server = start({ DATA_DIR, TRUST_PROXY: "true" }, port);
      url = await server.ready;
    });
    afterAll(async () => {
      server.child.kill("SIGTERM");
      await server.exited;
    });

    it("refuses a 50 MB login post with 413 (declared or chunked) while health answers", async () => {
      const declared = hugePost(`${url}/login`, 50 * 1024 * 1024, true);
      const chunked = hugePost(`${url}/login`, 50 * 1024 * 1024, false);
      const health = await fetch(`${url}/api/health-simple`);
      expect(health.status).toBe(200);
      // Answered before the body was read: most of the 50 MB was never sent (how fast is a figure in `npm run bench`).
      for (const refused of [await declared, await chunked]) {
        expect(refused.status).toBe(413);
        expect(refused.sent).toBeLessThan(25 * 1024 * 1024);
      }
      expect((await fetch(`${url}/api/health-simple`)).status).toBe(200);
    });

    it("TRUST_PROXY=true: rotating the client-written leftmost X-Forwarded-For does not reset the forgot-password limit", async () => {
      // Through the real listener: before the fix, node:http's adapter took the *first* hop as the client address.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${url}/forgot-password`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: url,
            "x-forwarded-for": `${i + 1}.${i + 1}.${i + 1}.${i + 1}, 198.51.100.7`,
          },
          body: new URLSearchParams({ email: `nobody-${i}@example.com` }).toString(),
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it("TRACE is 405 with Allow", async () => {
      expect(await rawRequest(`${url}/`, "TRACE")).toEqual({ status: 405, allow: "GET, HEAD, POST" });
    });

    it("one process per DATA_DIR: a second server or db:seed exits at once naming the directory and the PID", async () => {
      const second = spawnSync(process.execPath, [serverJs], {
        env: { PATH: process.env.PATH, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(await freePort()), DATA_DIR },
        encoding: "utf8",
        timeout: 60_000, // without the lock it would simply start and never return
      });
      expect(second.status).toBe(1);
      expect(second.stderr.trim().split("\n")).toEqual([expect.stringContaining(DATA_DIR)]);
      expect(second.stderr).toContain(`PID ${server.child.pid}`);
      // So does `npm run db:seed` (tsx scripts/db-seed.ts).
      const seedRun = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-seed.ts"], {
        env: { PATH: process.env.PATH, NODE_ENV: "test", DATA_DIR },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(seedRun.status).toBe(1);
      expect(seedRun.stderr).toContain(`PID ${server.child.pid}`);
    });

    it("a busy port is one line, and nothing is written to the new DATA_DIR first", () => {
      const otherDir = path.join(freshDataDir(), "data");
      const busy = spawnSync(process.execPath, [serverJs], {
        env: { PATH: process.env.PATH, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), DATA_DIR: otherDir },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(busy.status).toBe(1);
      expect(busy.stderr.trim().split("\n")).toEqual([expect.stringContaining(`Port ${port}`)]);
      expect(existsSync(otherDir)).toBe(false);
    });
  });

  it.runIf(pgUp)("answers /api/health-simple in self-hosted (pg) and Neon-driver modes", async () => {
    const bridge = await startNeonWsBridge();
    try {
      for (const env of [
        { DATABASE_URL: TEST_PG_URL, DATABASE_DRIVER: "pg", NEON_WS_PROXY: "" },
        { DATABASE_URL: TEST_PG_URL, DATABASE_DRIVER: "neon", NEON_WS_PROXY: bridge.proxy },
      ]) {
        const proc = start({ DATA_DIR: freshDataDir(), ...env }, await freePort());
        const url = await proc.ready;
        const res = await fetch(`${url}/api/health-simple`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: "pass" });
        expect(proc.output()).toContain(`"db":"${env.DATABASE_DRIVER}"`);
        proc.child.kill("SIGTERM");
        expect(await proc.exited).toBe(0);
      }
    } finally {
      await bridge.close();
    }
  });
});
