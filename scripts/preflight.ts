// `npm run preflight` — the "Ready for Production" list checked live against a real configuration.
//
//   npm run preflight                              the environment of this shell
//   npm run preflight -- --env-file prod.env       only the variables in that file (the worker's vars + secrets too)
//     --target staging        sandbox Peach and NOINDEX expected (default: production)
//     --wrangler-vars <env>   the edge: start from wrangler.toml's vars for `production` or `staging`, then the
//                             environment / --env-file (the worker's secrets) on top
//     --json                  one JSON document instead of lines
//     --send-test-event       also send Sentry a test event (otherwise nothing is created there)
//     --only a,b / --skip a,b run only / leave out rows by id (the pipeline skips `migrations` before it migrates)
// Exits 1 when any row is ✗, 2 on bad arguments. See docs/go-live.md.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, parseEnv } from "node:util";
import { configIssues, loadConfig } from "../app/infra/config.server";
import type { Target } from "./preflight/context";
import { formatRows } from "./preflight/rows";
import { runPreflight } from "./preflight/run";
import { wranglerVars } from "./preflight/wrangler-vars";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    "env-file": { type: "string" },
    target: { type: "string", default: "production" },
    "wrangler-vars": { type: "string" },
    "send-test-event": { type: "boolean", default: false },
    only: { type: "string" },
    skip: { type: "string" },
  },
});
const usage = (message: string) => {
  console.error(`preflight: ${message}`);
  process.exit(2);
};
if (values.target !== "production" && values.target !== "staging") usage("--target is production or staging");
const envFile = values["env-file"];
if (envFile && !existsSync(envFile)) usage(`no such file: ${envFile}`);
const given: Record<string, string | undefined> = envFile ? parseEnv(readFileSync(envFile, "utf8")) : { ...process.env };
let env = given;
if (values["wrangler-vars"]) {
  try {
    env = { ...wranglerVars("wrangler.toml", values["wrangler-vars"]), ...given };
  } catch (e) {
    usage((e as Error).message);
  }
}
const list = (v?: string) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const promtool =
  (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((dir) => path.join(dir, "promtool"))
    .find((p) => existsSync(p)) ?? null;

const rows = await runPreflight(
  {
    env,
    config: configIssues(env).length ? null : loadConfig(env),
    target: values.target as Target,
    now: () => new Date(),
    fetch,
    sendTestEvent: values["send-test-event"],
    promtool,
    alertRules: { rules: "ops/prometheus/alerts.yml" },
  },
  { only: list(values.only), skip: list(values.skip) },
).catch((e: Error) => usage(e.message));
console.log(values.json ? JSON.stringify({ ready: rows.every((r) => r.status !== "fail"), rows }, null, 2) : formatRows(rows));
process.exit(rows.some((r) => r.status === "fail") ? 1 : 0);
