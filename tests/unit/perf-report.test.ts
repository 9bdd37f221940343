// Issue 27 goal 4: docs/performance.md's tables come from docs/perf-runs/*.json (scripts/perf-report.mjs), never typed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { END, START, render, replaceBlock } from "../../scripts/perf-report.mjs";

const RUNS = "docs/perf-runs";
const runs = readdirSync(RUNS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(RUNS, f), "utf8")));

describe("the performance report", () => {
  it("is what the run files give (run `npm run perf:report` after adding one)", () => {
    const doc = readFileSync("docs/performance.md", "utf8");
    expect(replaceBlock(doc, render(runs))).toBe(doc);
  });

  it("shows the issue's before figures beside the runs", () => {
    const block = render(runs);
    expect(block).toContain("before (issue 27, c0c4d6f)");
    expect(block).toMatch(/\| \/shop, signed in \| ≥ 50%, ≤ 2× \| 75–100 \(10%–14%\) \|/);
  });

  it("replaces only the generated block and keeps the prose around it", () => {
    const doc = `# Title\n\nHand-written.\n\n${START}\nold table\n${END}\n\nMore prose.\n`;
    const next = replaceBlock(doc, render(runs));
    expect(next.startsWith("# Title\n\nHand-written.\n\n")).toBe(true);
    expect(next.endsWith(`${END}\n\nMore prose.\n`)).toBe(true);
    expect(next).not.toContain("old table");
  });

  it("renders a bench run's figures: share of hello, p99 against hello's, the commit and the load", () => {
    const row = (target: string, reqPerSec: number, shareOfHello: number, p99AtRateVsHello: number) => ({
      target,
      reqPerSec,
      shareOfHello,
      p99AtRateVsHello,
    });
    const bench = {
      kind: "bench",
      at: "2026-12-08T02:00:00.000Z",
      commit: "abc1234",
      dirty: false,
      node: "v20.20.2",
      cpus: 2,
      loadavg: { after: [0.5, 0.6, 0.7] },
      settings: { connections: 10, seconds: 10, rounds: 2, rate: 100 },
      modes: [
        {
          mode: "production",
          loadBefore: [0.4, 0.5, 0.6],
          loadAfter: [0.5, 0.6, 0.7],
          firstStartSeconds: 3.2,
          peakRssMiB: { ours: 280, hello: 100 },
          rows: [row("bare Remix hello", 700, 1, 1), row("/shop, signed in", 420, 0.6, 1.5)],
        },
      ],
    };
    const block = render([...runs, bench]);
    expect(block).toContain("| 2026-12-08 02:00 · abc1234 | abc1234 | v20.20.2 | 2 | 0.5 / 0.6 / 0.7 |");
    expect(block).toMatch(/\| \/shop, signed in \| ≥ 50%, ≤ 2× \| 75–100 \(10%–14%\) \| 420 \(\*\*60%\*\*\), 1\.5× \|/);
  });

  it("renders the worker's throughput beside Node's and its start-up, with their goals", () => {
    const bench = {
      kind: "bench",
      at: "2026-12-08T03:00:00.000Z",
      commit: "def5678",
      dirty: false,
      modes: [],
      edgeThroughput: {
        rows: [
          {
            page: "/shop, anonymous (kept page)",
            workerReqPerSec: 960,
            nodeReqPerSec: 1027,
            embeddedReqPerSec: 2534,
            workerShareOfNode: 0.934,
            goal: { minShareOfNode: 0.5 },
          },
          {
            page: "/api/health-simple (Remix, no I/O)",
            workerReqPerSec: 811,
            nodeReqPerSec: 1426,
            embeddedReqPerSec: 1589,
            workerShareOfNode: 0.569,
          },
        ],
      },
      edgeStartup: { runs: 7, busyMsMin: 70, busyMsMedian: 77 },
    };
    const block = render([...runs, bench]);
    expect(block).toContain("| /shop, anonymous (kept page) | ≥ 50% of Node | 960 vs 1 027 (**93%**); embedded 2 534 |");
    expect(block).toContain("| /api/health-simple (Remix, no I/O) |  | 811 vs 1 426 (**57%**); embedded 1 589 |");
    expect(block).toContain("| 2026-12-08 03:00 · def5678 | 77 (70) | 7 |");
  });
});
