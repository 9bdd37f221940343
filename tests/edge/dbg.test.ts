import { it } from "vitest";
import { startEdgeApp } from "./worker-harness";
it("dbg", async () => {
  const edge = await startEdgeApp({ env: { METRICS_FLUSH_MS: "0" } });
  for (let i = 0; i < 3; i++) await edge.request("/api/health-simple");
  await new Promise((r) => setTimeout(r, 2000));
  console.log(await edge.ctx.kv.readHash("metrics:sums"));
  const t = await (await edge.request("/api/metrics-full")).text();
  console.log(t.slice(0, 1500));
  await edge.close();
});
