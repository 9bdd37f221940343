// Profiling aid (not a test): a CPU profile of the BUILT worker in workerd while autocannon loads one page, summed by
// the module each sample's function comes from (read from esbuild's `// path` comments, so build the worker unminified
// for this: `npx wrangler deploy --dry-run --outdir build-edge/worker --no-minify`), plus the top functions. Writes the
// raw profile beside it for DevTools. Needs Postgres and Redis, like the edge suite.
//
// Run: npx tsx tests/bench/edge-profile.ts [path] [cookie]   (default /shop, no cookie). Env: BENCH_SECONDS (8).
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import WebSocket from "ws";
import { startEdgeApp } from "../edge/worker-harness";

const INSPECTOR = 9229 + Math.floor(Math.random() * 500);
process.env.LH_EDGE_INSPECTOR = String(INSPECTOR);
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
const [pathname = "/shop", cookie = ""] = process.argv.slice(2);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const edge = await startEdgeApp({ env: { RATE_LIMIT_PAGES: "off", LOG_LEVEL: "error" } });
try {
  const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR}/json`)).json()) as {
    webSocketDebuggerUrl: string;
    title?: string;
  }[];
  const target = targets.find((t) => !/internal|loopback/i.test(t.title ?? "")) ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((r) => ws.once("open", r));
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const n = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data));
        if (msg.id === n) {
          ws.off("message", onMessage);
          resolve(msg.result);
        }
      };
      ws.on("message", onMessage);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  const headers: Record<string, string> = { "cf-connecting-ip": "203.0.113.83", ...(cookie ? { cookie } : {}) };
  const url = edge.origin + pathname;
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer(); // warm
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 200 });
  await call("Profiler.start");
  const r = await autocannon({ url, connections: 10, duration: SECONDS, headers });
  const { profile } = (await call("Profiler.stop")) as { profile: Profile };
  ws.close();
  writeFileSync("/tmp/edge-profile.cpuprofile", JSON.stringify(profile));

  // Which module each line of the unminified bundle belongs to: esbuild heads each module with a `// path` comment.
  const lines = readFileSync("build-edge/worker/index.js", "utf8").split("\n");
  const moduleAt: string[] = [];
  let current = "(worker)";
  for (const [i, line] of lines.entries()) {
    const m = /^\/\/ (\S+\.(?:m?js|ts|tsx|json))$/.exec(line);
    if (m)
      current = m[1].replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, "$1").replace(/^(app\/[^/]+|build-edge\/remix).*/, "$1");
    moduleAt[i] = current;
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [nodeId, us] of self) {
    const { callFrame: f } = byId.get(nodeId)!;
    total += us;
    const where = f.url.endsWith("index.js") ? (moduleAt[f.lineNumber] ?? "(worker)") : f.url || f.functionName;
    byModule.set(where, (byModule.get(where) ?? 0) + us);
    const fn = `${f.functionName || "(anonymous)"} ${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log(`${pathname}${cookie ? " (with cookie)" : ""}: ${Math.round(r.requests.average)} req/s while profiled`);
  console.log("self time by module:\n" + top(byModule, 25).join("\n"));
  console.log("top functions:\n" + top(byFunction, 25).join("\n"));
} finally {
  await edge.close();
}
