// `npm run smoke -- <url>` — a read-only black-box check of any deployment (GET only): liveness, readiness, home,
// the shop, a meal page, login, security headers, metrics refused without the token.
//   --expect-noindex   staging: X-Robots-Tag noindex and robots.txt Disallow: /
//   --wait <seconds>   keep asking for liveness this long first (right after a deploy)
//   --json             one JSON document instead of lines
// Behind Cloudflare Access (staging) it sends CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET as a service token.
// Exits 1 when any check fails, 2 on bad arguments.
import { parseArgs } from "node:util";
import { formatRows } from "./preflight/rows";
import { runSmoke } from "./smoke/run";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: "boolean", default: false },
    "expect-noindex": { type: "boolean", default: false },
    wait: { type: "string", default: "0" },
  },
});
const url = positionals[0];
if (!url || !/^https?:\/\//.test(url) || !(Number(values.wait) >= 0)) {
  console.error("usage: npm run smoke -- <https://deployment> [--expect-noindex] [--wait seconds] [--json]");
  process.exit(2);
}
const { CF_ACCESS_CLIENT_ID: id, CF_ACCESS_CLIENT_SECRET: secret } = process.env;
const rows = await runSmoke(url, {
  headers: id && secret ? { "CF-Access-Client-Id": id, "CF-Access-Client-Secret": secret } : {},
  expectNoindex: values["expect-noindex"],
  waitSeconds: Number(values.wait),
});
console.log(values.json ? JSON.stringify({ ok: rows.every((r) => r.status === "pass"), rows }, null, 2) : formatRows(rows));
process.exit(rows.some((r) => r.status === "fail") ? 1 : 0);
