import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const E2E_ADMIN = { email: "admin@littleharvest.test", password: "admin-password-e2e-123" };

export type RunningServer = {
  url: string;
  dataDir: string;
  outboxDir: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the production build (`$LH_BUILD_DIR/server.js`) as a real process in embedded mode with a fresh DATA_DIR,
 * exactly as `npm start` would, and waits until it answers. Given `opts.dataDir`, it starts on that one instead (a
 * restart) and leaves it in place when it stops.
 */
export async function startServer(env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "lh-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const buildDir = process.env.LH_BUILD_DIR || "build";
  let output = "";
  const child = spawn(process.execPath, [path.join(buildDir, "server.js")], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      LH_BUILD_DIR: buildDir,
      // One browser, one address, many journeys: per-route-class limits off unless a suite turns them on.
      RATE_LIMIT_AUTH: "off",
      RATE_LIMIT_CHECKOUT: "off",
      RATE_LIMIT_POST: "off",
      RATE_LIMIT_PAGES: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health-simple`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    dataDir,
    outboxDir: path.join(dataDir, "outbox"),
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
