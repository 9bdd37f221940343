import { appendFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every log line the suite's apps and server processes write is also appended to one file per worker under
// LH_TEST_LOG_DIR (set by global-setup.ts), so the run can end by proving the logs hold no personal data or secrets.

export function captureLogLine(line: string): void {
  const dir = process.env.LH_TEST_LOG_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${process.pid}.log`), line.endsWith("\n") ? line : `${line}\n`);
}

/** What must never be in a log: the fixtures' personal data, password hashes, session cookies and tokens. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ["email address", /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/],
  ["phone number", /(?:\+27|\b0)[\s-]?\d{2}[\s-]?\d{3}[\s-]?\d{4}\b/],
  ["street address", /Oxford Road|Jan Smuts/i],
  ["password hash", /\$argon2|\$2[aby]\$/],
  ["session cookie", /lh_session=[^;\s"[]/],
  ["token in a link", /[?&]token=[A-Za-z0-9_-]{8,}/],
  ["bearer token", /Bearer [A-Za-z0-9._-]{8,}/],
];

/** The offending lines (kind + line number), never the values themselves. */
export function scanCapturedLogs(dir: string): string[] {
  const problems: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".log"));
  } catch {
    return problems;
  }
  for (const file of files) {
    readFileSync(path.join(dir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        for (const [kind, pattern] of FORBIDDEN) if (pattern.test(line)) problems.push(`${file}:${i + 1} holds a ${kind}`);
      });
  }
  return problems;
}
