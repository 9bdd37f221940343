// Profiling aid (not a test): a CPU profile of our production server (embedded, or self-hosted with BENCH_PG_URL) while
// autocannon loads one page as one of the bench's visitors; prints the top functions and packages by self time.
// Run: node tests/bench/node-profile.mjs [path] [anonymous|cart|signed-in]   Env: BENCH_SECONDS (8).
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startShopServer, SERVER_NODE_FLAGS } from "./process.mjs";
import { makeVisitors } from "./visitors.mjs";

const [pathname = "/cart", visitor = "signed-in"] = process.argv.slice(2);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const dir = mkdtempSync(path.join(os.tmpdir(), "lh-prof-"));
const server = await startShopServer("build", {
  nodeFlags: [...SERVER_NODE_FLAGS, "--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"],
});
try {
  const headers = (await makeVisitors(server.url))[visitor];
  const url = server.url + pathname;
  for (let i = 0; i < 50; i++) await (await fetch(url, { headers })).arrayBuffer();
  const r = await autocannon({ url, headers, connections: 10, duration: SECONDS });
  console.log(`${pathname} (${visitor}): ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
} finally {
  await server.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const pkg = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const n = byId.get(id);
  const { functionName, url, lineNumber } = n.callFrame;
  const key = `${functionName || "(anon)"} ${url.replace(/.*node_modules\//, "").replace(/.*\/work\/main\//, "")}:${lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  const p = m ? m[1] : url ? url.replace(/.*\/work\/main\//, "").replace(/^file:\/\//, "") : functionName;
  pkg.set(p, (pkg.get(p) ?? 0) + dt);
  total += dt;
});
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n");
console.log(`\nby package / file:\n${top(pkg, 25)}\n\nby function (self):\n${top(self, 40)}\nprofile: ${path.join(dir, file)}`);
