import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { stripLuaShebang } from "~/infra/kv/ioredis.server";
import { noLatency, roundTrip } from "./latency";

type Reply = { result: unknown } | { error: string };

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/**
 * Stand-in for the Upstash REST API in front of a plain Redis, speaking what @upstash/redis 1.39 sends:
 * `POST /` (one command as a JSON array), `POST /pipeline` and `POST /multi-exec` (arrays of commands),
 * `Authorization: Bearer`, and `Upstash-Encoding: base64`. Upstash accepts the `#!lua flags=…` shebang of
 * @upstash/ratelimit's scripts and plain Redis does not, so the bridge strips it and answers EVALSHA of the
 * original text with the stripped script — the client then sees production behaviour.
 */
export async function startUpstashBridge(opts: { redisUrl: string; token: string }) {
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  const strippedSha = new Map<string, string>();
  const latency = noLatency();
  let requests = 0;

  const toRedis = (cmd: unknown[]): [string, ...string[]] => {
    const [name, ...args] = cmd.map((a) => (typeof a === "string" ? a : JSON.stringify(a)));
    const lower = name.toLowerCase();
    if (lower === "eval") {
      const runnable = stripLuaShebang(args[0]);
      strippedSha.set(sha1(args[0]), sha1(runnable));
      return [name, runnable, ...args.slice(1)];
    }
    if (lower === "evalsha") return [name, strippedSha.get(args[0]) ?? args[0], ...args.slice(1)];
    return [name, ...args];
  };
  const errorOf = (e: unknown): Reply => ({ error: e instanceof Error ? e.message : String(e) });

  const run = async (cmd: unknown[]): Promise<Reply> => {
    try {
      const [name, ...args] = toRedis(cmd);
      const result = await redis.call(name, args);
      // ioredis turns HGETALL into an object; Upstash (like Redis) answers a flat [field, value, …] array.
      return { result: isPlainObject(result) ? Object.entries(result).flat() : result };
    } catch (e) {
      return errorOf(e);
    }
  };

  const multiExec = async (cmds: unknown[][]): Promise<Reply[] | Reply> => {
    try {
      const results = await redis.multi(cmds.map(toRedis)).exec();
      return (results ?? []).map(([err, result]) => (err ? { error: err.message } : { result }));
    } catch (e) {
      return errorOf(e);
    }
  };

  const server = http.createServer(async (req, res) => {
    requests++;
    await roundTrip(latency);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${opts.token}`) return send(401, { error: "Unauthorized" });
    if (req.method !== "POST") return send(405, { error: "Method not allowed" });
    const chunks: Buffer[] = [];
    let body: unknown;
    try {
      // A client that hangs up mid-request (a worker's background write as the bench closes) rejects this loop.
      for await (const c of req) chunks.push(c as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, { error: "ERR failed to parse command" });
    }
    const b64 = req.headers["upstash-encoding"] === "base64";
    const out = (r: Reply) => ("error" in r ? r : { result: b64 ? encodeTop(r.result) : r.result });
    const path = new URL(req.url ?? "/", "http://bridge").pathname;

    if (!Array.isArray(body) || body.length === 0) return send(400, { error: "ERR empty command" });
    if (path === "/") {
      const r = await run(body);
      return send("error" in r ? 400 : 200, out(r));
    }
    if (path === "/pipeline") return send(200, await Promise.all((body as unknown[][]).map(async (c) => out(await run(c)))));
    if (path === "/multi-exec") {
      const r = await multiExec(body as unknown[][]);
      return Array.isArray(r) ? send(200, r.map(out)) : send(400, r);
    }
    send(404, { error: "Not found" });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: opts.token,
    latency,
    requests: () => requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

// The client decodes a top-level string unless it is "OK", and every string inside arrays; numbers and nulls pass.
function encodeTop(v: unknown): unknown {
  return v === "OK" ? v : encode(v);
}

function encode(v: unknown): unknown {
  if (typeof v === "string") return Buffer.from(v, "utf8").toString("base64");
  if (Array.isArray(v)) return v.map(encode);
  return v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
