import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// docs/architecture.md §9: routes and domain run unchanged on Node and workerd, so they never read the environment, touch the
// filesystem or import a package that only works on Node; those live behind interfaces in app/infra.
const FORBIDDEN = [
  /process\.env/,
  /from "(node:)?fs(\/promises)?"/,
  /from "(node:)?(child_process|net|http|https|worker_threads)"/,
  /from "(pg|ioredis|ws|dotenv|pino-pretty|@electric-sql\/pglite|@node-rs\/argon2|@remix-run\/node-fetch-server)(\/[^"]*)?"/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe("runtime-neutral routes, web and domain", () => {
  it.each(["app/routes", "app/web", "app/domain"])("%s has no process.env, node:fs or Node-only package import", (dir) => {
    const offenders = sources(dir).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => FORBIDDEN.some((re) => re.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
