import { execFile } from "node:child_process";
import type { Row } from "../../scripts/preflight/rows";

/** `npm run smoke -- <url> --json …` as the pipeline runs it, asynchronously (the server may live in this process). */
export function runSmokeCommand(url: string, args: string[] = [], opts: { env?: Record<string, string> } = {}) {
  return new Promise<{ status: number; rows: Row[]; output: string }>((resolve) => {
    const env = { ...process.env, ...opts.env };
    execFile("npx", ["tsx", "scripts/smoke.ts", url, "--json", ...args], { env }, (error, stdout, stderr) => {
      let rows: Row[] = [];
      try {
        rows = (JSON.parse(stdout) as { rows: Row[] }).rows;
      } catch {
        // the status and output say why
      }
      resolve({ status: error ? Number(error.code) : 0, rows, output: stdout + stderr });
    });
  });
}

export const failedRows = (rows: Row[]) => rows.filter((r) => r.status !== "pass").map((r) => `${r.id}: ${r.detail}`);
