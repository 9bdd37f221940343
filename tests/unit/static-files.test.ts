// Static files from a manifest made at start (issue 15): pages cost no filesystem call, public/ files are served as
// before, uploads (which change at run time) are still looked up on disk under their prefix only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { RequestState } from "~/infra/http/pipeline.server";
import { publicManifest, staticFiles } from "~/infra/http/static-files.server";

const root = mkdtempSync(path.join(tmpdir(), "lh-static-"));
const uploads = path.join(root, "uploads-dir");
mkdirSync(path.join(root, "public/build"), { recursive: true });
mkdirSync(uploads);
writeFileSync(path.join(root, "public/favicon.ico"), "icon");
writeFileSync(path.join(root, "public/build/entry-ABC123.js"), "console.log(1)");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const state = (): RequestState => ({
  requestId: "r",
  clientIp: "127.0.0.1",
  proxied: false,
  log: pino({ level: "silent" }),
  nonce: "",
  cache: undefined as never,
  routeId: "x",
  db: null as never,
  arrivingUser: async () => null,
  allowedToWrite: async () => {},
  afterResponse: () => {},
});
const serve = staticFiles(path.join(root, "public"), [{ prefix: "/uploads/", dir: uploads }]);
const get = (p: string) => serve(new Request(`http://shop.test${p}`), state(), async () => new Response("app", { status: 299 }));

describe("static files", () => {
  it("the manifest lists every file under public/ by URL path, with its size", () => {
    const m = publicManifest(path.join(root, "public"));
    expect([...m.keys()].sort()).toEqual(["/build/entry-ABC123.js", "/favicon.ico"]);
    expect(m.get("/favicon.ico")?.size).toBe(4);
  });

  it.each([
    // path, status, body or cache-control
    ["/favicon.ico", 200, "public, max-age=3600"],
    ["/build/entry-ABC123.js", 200, "public, max-age=31536000, immutable"],
    ["/shop", 299, null],
    ["/build/../favicon.ico", 200, "public, max-age=3600"], // the URL parser resolves ../ first
    ["/%2e%2e/%2e%2e/etc/passwd", 299, null],
    ["/%E0%A4%A", 299, null],
  ])("%s → %d", async (p, status, cacheControl) => {
    const res = await get(p);
    expect(res.status).toBe(status);
    if (cacheControl) expect(res.headers.get("cache-control")).toBe(cacheControl);
  });

  it("a file added to public/ after start is not looked for (no filesystem call per request); uploads still are", async () => {
    writeFileSync(path.join(root, "public/late.txt"), "late");
    expect((await get("/late.txt")).status).toBe(299);
    writeFileSync(path.join(uploads, "photo.png"), "png");
    const res = await get("/uploads/photo.png");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("png");
    expect((await get("/uploads/%2e%2e/public/favicon.ico")).status).toBe(299); // never outside the uploads folder
  });
});

describe("compressed copies of scripts and styles", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lh-static-z-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = "export const greeting = 'hello';\n".repeat(200);
  mkdirSync(path.join(dir, "build"));
  writeFileSync(path.join(dir, "build/app-XYZ.js"), script);
  writeFileSync(path.join(dir, "build/app-XYZ.js.gz"), gzipSync(script));
  writeFileSync(path.join(dir, "build/app-XYZ.js.br"), brotliCompressSync(script));
  writeFileSync(path.join(dir, "build/plain-XYZ.css"), "body{}");
  const zserve = staticFiles(dir);
  const fetchWith = (p: string, acceptEncoding?: string) =>
    zserve(
      new Request(`http://shop.test${p}`, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }),
      state(),
      async () => new Response("app", { status: 299 }),
    );

  it.each([
    ["gzip, deflate, br, zstd", "br"], // a browser over HTTPS
    ["gzip, deflate", "gzip"], // a browser over plain HTTP (Chromium offers br only over HTTPS)
    ["br;q=0, gzip;q=0.5", "gzip"],
    ["identity", null],
    [undefined, null],
  ])("Accept-Encoding %s → %s", async (accept, encoding) => {
    const res = await fetchWith("/build/app-XYZ.js", accept);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe(encoding);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
    const text = encoding === "br" ? brotliDecompressSync(bytes) : encoding === "gzip" ? gunzipSync(bytes) : bytes;
    expect(text.toString()).toBe(script);
    if (encoding) expect(bytes.length).toBeLessThan(script.length / 10);
  });

  it("a file without copies is sent as it is, with no Vary", async () => {
    const res = await fetchWith("/build/plain-XYZ.css", "gzip, br");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
    expect(await res.text()).toBe("body{}");
  });
});
