import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "../support/backends";
import { startServerProcess } from "../support/node-server";
import { freePort } from "../support/ops";
import { seedTestShop } from "../support/seed-shop";
import { failedRows, runSmokeCommand } from "../support/smoke-cli";

// `npm run smoke` against the built Node server (production mode, as staging runs it: NOINDEX on), and against a site
// that is not the shop.

let db: Awaited<ReturnType<typeof createTestDb>>;
let server: ReturnType<typeof startServerProcess>;
let url: string;
beforeAll(async () => {
  db = await createTestDb("pg");
  await seedTestShop(db.dbHandle.db, { demoCustomer: false });
  const port = await freePort();
  server = startServerProcess(
    {
      NODE_ENV: "production",
      DATABASE_URL: db.url!,
      METRICS_TOKEN: "smoke-test-metrics-token-0123456789abcdef",
      NOINDEX: "true",
    },
    port,
  );
  url = await server.ready;
});
afterAll(async () => {
  server?.child.kill("SIGTERM");
  await server?.exited;
  await db?.cleanup();
});

describe("npm run smoke", () => {
  it("passes against the Node server: probes, home, shop, a meal, login, headers, metrics guard, noindex", async () => {
    const { status, rows, output } = await runSmokeCommand(url, ["--expect-noindex"]);
    expect(failedRows(rows), output).toEqual([]);
    expect(status).toBe(0);
    expect(rows.map((r) => r.id)).toEqual([
      "liveness",
      "readiness",
      "home",
      "shop",
      "meal",
      "login",
      "headers",
      "metrics",
      "noindex",
    ]);
    expect(rows.find((r) => r.id === "meal")!.detail).toMatch(/^\/shop\/[a-z0-9-]+ 200, its heading$/);
  });

  it("fails, exit 1, against a site that is not the shop — each failed check says what it saw", async () => {
    const impostor = http.createServer((req, res) => {
      if (req.url === "/api/health-simple") return res.writeHead(200).end('{"status":"pass"}');
      res.writeHead(req.url === "/api/metrics-full" ? 200 : 404, { "content-type": "text/html" }).end("<h1>Parked domain</h1>");
    });
    impostor.listen(0, "127.0.0.1");
    await once(impostor, "listening");
    try {
      const { status, rows } = await runSmokeCommand(`http://127.0.0.1:${(impostor.address() as AddressInfo).port}`);
      expect(status).toBe(1);
      expect(failedRows(rows)).toEqual([
        "readiness: answered 404 (no status)",
        "home: / answered 404",
        "shop: /shop answered 404",
        "meal: no meal linked from /shop",
        "login: /login answered 404",
        "headers: no CSP with a script nonce; CSP without frame-ancestors 'none'; no nosniff; no Referrer-Policy",
        "metrics: /api/metrics-full answered 200 without a token",
      ]);
    } finally {
      impostor.close();
    }
  });
});
