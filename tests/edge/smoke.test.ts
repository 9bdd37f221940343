import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, guest, textOf } from "../support/storefront";
import { startEdgeApp, type EdgeApp } from "./worker-harness";

let app: EdgeApp;
beforeAll(async () => {
  app = await startEdgeApp();
});
afterAll(() => app?.close());

describe("smoke", () => {
  it("health", async () => {
    const res = await app.handler(new Request("http://localhost:3000/api/health-simple"));
    expect(res.status).toBe(200);
  });
  it("shop", async () => {
    const res = await get(app as never, guest(), "/shop");
    const html = await res.text();
    console.log(res.status, textOf(html).slice(0, 300), app.logLines.slice(-5));
    expect(res.status).toBe(200);
  });
});
