import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

// A local stand-in for Sentry's ingest API: the real @sentry/remix SDK posts envelopes to
// `POST /api/<project>/envelope/` (newline-delimited JSON: envelope header, then item header + payload pairs),
// authenticated by the DSN's public key (`X-Sentry-Auth: Sentry sentry_key=…` or `?sentry_key=`); an unknown key or
// project gets 401/403 with `{detail}` as Sentry's Relay answers. Client reports are accepted and create no event.

export type SentryEvent = {
  tags?: Record<string, string>;
  exception?: { values?: Array<{ type?: string; value?: string }> };
  request?: unknown;
};

export async function startSentryStandIn(opts: { publicKey?: string; project?: string } = {}) {
  const publicKey = opts.publicKey ?? "publickey";
  const project = opts.project ?? "42";
  const events: SentryEvent[] = [];
  const keyOf = (req: http.IncomingMessage) =>
    /sentry_key=([^,&\s]+)/.exec(`${req.headers["x-sentry-auth"] ?? ""} ${req.url ?? ""}`)?.[1] ?? null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const envelope = /^\/api\/(\d+)\/envelope\/?/.exec(req.url ?? "");
      if (req.method === "POST" && envelope) {
        if (keyOf(req) !== publicKey)
          return res.writeHead(401, { "content-type": "application/json" }).end('{"detail":"invalid api key"}');
        if (envelope[1] !== project)
          return res.writeHead(403, { "content-type": "application/json" }).end('{"detail":"project does not exist"}');
        const lines = body.toString("utf8").split("\n").filter(Boolean);
        for (let i = 1; i + 1 < lines.length; i += 2) {
          const item = JSON.parse(lines[i]) as { type?: string };
          if (item.type === "event") events.push(JSON.parse(lines[i + 1]) as SentryEvent);
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${project}`,
    events,
    /** Resolves once an event matching `test` has arrived (the SDK sends in the background). */
    async eventMatching(test: (e: SentryEvent) => boolean): Promise<SentryEvent> {
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
