import { spawn } from "node:child_process";
import path from "node:path";
import { captureLogLine } from "./log-capture";
import { TEST_ADMIN } from "./seed-shop";

export const SERVER_JS = path.resolve(process.env.LH_BUILD_DIR || "build", "server.js");

/**
 * A real `node build/server.js` process on `port`, with the env a test gives it (plus quiet, local defaults; a variable
 * given as undefined is left unset) and any node flags before the script.
 */
export function startServerProcess(vars: Record<string, string | undefined>, port: number, nodeFlags: string[] = []) {
  let output = "";
  const given: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ADMIN_PASSWORD: TEST_ADMIN.password,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    ...vars,
  };
  const env = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const child = spawn(process.execPath, [...nodeFlags, SERVER_JS], {
    env: env as NodeJS.ProcessEnv, // NODE_ENV may be left unset, as `npm start` leaves it
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => {
    output += d;
    // JSON log lines join the run's captured logs (scanned for personal data at the end: log-capture.ts).
    for (const line of String(d).split("\n")) if (line.startsWith("{")) captureLogLine(line);
  });
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = (async () => {
    for (let i = 0; i < 1500; i++) {
      if (output.includes("listening on")) return `http://127.0.0.1:${port}`;
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${output}`);
  })();
  return { child, ready, exited, output: () => output, alive: () => child.exitCode === null && child.signalCode === null };
}
