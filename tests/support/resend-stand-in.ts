import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A local stand-in for the Resend API, enough of it for the `resend` SDK's `emails.send`: `POST /emails` with a
 * Bearer key, a JSON body and an optional `Idempotency-Key` header. Like Resend it answers errors as
 * `{ statusCode, name, message }`, returns `{ id }` on success and remembers the keys of accepted emails, answering
 * a repeat with the original response instead of delivering again.
 *
 * `GET /domains` lists the account's sending domains (a sending-only key is refused it, as Resend does).
 *
 * Tests script it: `fail(500)` / `fail(422)` / `fail(429, { retryAfter: 120 })` queue answers for the next requests
 * (then it delivers normally), `failAfterDelivering(500)` accepts the email but loses the answer, `down()` closes the
 * port so connections are refused, `up()` listens on the same port again, `delayMs` slows every answer.
 */

export type DeliveredEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | null;
};

export type ReceivedRequest = { idempotencyKey: string | null; status: number; to: string[]; subject: string };

type Scripted = { status: number; retryAfter?: number; deliverFirst?: boolean; name?: string; message?: string };

const ERROR_NAMES: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  409: "concurrent_idempotent_requests",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  502: "application_error",
  503: "application_error",
};

export type ResendStandIn = Awaited<ReturnType<typeof startResendStandIn>>;

/** A sending domain as `GET /domains` lists it. */
export type ResendDomain = { name: string; status: "verified" | "pending" | "not_started" | "failed" | "temporary_failure" };

export async function startResendStandIn(opts: { apiKey?: string; domains?: ResendDomain[] } = {}) {
  const apiKey = opts.apiKey ?? `re_test_${randomUUID().slice(0, 8)}`;
  // A second key with "Sending access" only: Resend refuses it everything but POST /emails.
  const sendingOnlyKey = `${apiKey}_send`;
  const domains: ResendDomain[] = opts.domains ?? [{ name: "littleharvest.co.za", status: "verified" }];
  const delivered: DeliveredEmail[] = [];
  const requests: ReceivedRequest[] = [];
  const script: Scripted[] = [];
  const byKey = new Map<string, DeliveredEmail>();
  const sockets = new Set<Socket>();
  const state = { delayMs: 0 };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (
    res: ServerResponse,
    status: number,
    message: string,
    name = ERROR_NAMES[status] ?? "application_error",
    headers = {},
  ) => json(res, status, { statusCode: status, name, message }, headers);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
    const bearer = req.headers.authorization;
    if (req.method === "GET" && req.url === "/domains") {
      if (bearer === `Bearer ${sendingOnlyKey}`)
        return error(res, 401, "This API key is restricted to only send emails", "restricted_api_key");
      if (bearer !== `Bearer ${apiKey}`) return error(res, 400, "API key is invalid", "validation_error");
      // Resend's list shape: every domain with its verification status and region.
      const data = domains.map((d, i) => ({
        id: `4dd369bc-aa82-4ff3-97de-514ae3000${String(i).padStart(3, "0")}`,
        name: d.name,
        status: d.status,
        created_at: "2026-11-02 09:14:11.348152+00",
        region: "eu-west-1",
        capabilities: { sending: "enabled", receiving: "disabled" },
      }));
      return json(res, 200, { object: "list", has_more: false, data });
    }
    if (req.method !== "POST" || req.url !== "/emails") return error(res, 404, "Not found", "not_found");
    if (bearer !== `Bearer ${apiKey}` && bearer !== `Bearer ${sendingOnlyKey}`)
      return error(res, 401, "API key is invalid", "invalid_api_key");

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      return error(res, 422, "Invalid JSON body", "validation_error");
    }
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const to = (Array.isArray(body.to) ? body.to : [body.to]).filter((t): t is string => typeof t === "string");
    const subject = typeof body.subject === "string" ? body.subject : "";
    const record = (status: number) => requests.push({ idempotencyKey: key, status, to, subject });

    const next = script.shift();
    if (next && !next.deliverFirst) {
      record(next.status);
      const headers: Record<string, string> = next.retryAfter !== undefined ? { "retry-after": String(next.retryAfter) } : {};
      return error(res, next.status, next.message ?? `Scripted ${next.status}`, next.name, headers);
    }

    if (typeof body.from !== "string" || !body.from) {
      record(422);
      return error(res, 422, "The `from` field is required.", "missing_required_field");
    }
    if (to.length === 0 || !to.every((t) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t))) {
      record(422);
      return error(res, 422, "Invalid `to` field. The email address needs to follow the `email@example.com` format.");
    }

    if (key && byKey.has(key)) {
      // Resend: same key within 24 h → the original response, nothing sent again.
      record(200);
      return json(res, 200, { id: byKey.get(key)!.id });
    }
    const email: DeliveredEmail = {
      id: randomUUID(),
      from: body.from,
      to,
      subject,
      html: typeof body.html === "string" ? body.html : "",
      text: typeof body.text === "string" ? body.text : "",
      idempotencyKey: key,
    };
    delivered.push(email);
    if (key) byKey.set(key, email);
    if (next?.deliverFirst) {
      record(next.status);
      return error(res, next.status, next.message ?? `Scripted ${next.status} after accepting`, next.name);
    }
    record(200);
    return json(res, 200, { id: email.id });
  }

  let server: Server | null = null;
  let port = 0;

  async function listen() {
    const srv = createServer((req, res) => {
      handle(req, res).catch((e) => {
        if (!res.headersSent) error(res, 500, String(e));
      });
    });
    srv.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(port, "127.0.0.1", () => resolve());
    });
    const addr = srv.address();
    if (typeof addr === "object" && addr) port = addr.port;
    server = srv;
  }

  async function stopListening() {
    const srv = server;
    server = null;
    if (!srv) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  await listen();

  return {
    apiKey,
    sendingOnlyKey,
    /** What `GET /domains` lists; a test may change a status or remove a domain. */
    domains,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    /** Every email accepted, once per idempotency key. */
    delivered,
    /** Every POST /emails that reached the handler, with the status it got. */
    requests,
    /** Queue answers for the next requests; after them the stand-in delivers normally. */
    fail(status: number, extra: { retryAfter?: number; name?: string; message?: string; times?: number } = {}) {
      for (let i = 0; i < (extra.times ?? 1); i++) script.push({ status, ...extra });
    },
    /** Accept (and remember) the next email but answer with an error, as when a response is lost on the way back. */
    failAfterDelivering(status: number) {
      script.push({ status, deliverFirst: true });
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    /** Close the port: connections are refused until `up()`. */
    down: stopListening,
    up: listen,
    /** Forget everything delivered, received and scripted (between tests). */
    reset() {
      delivered.length = 0;
      requests.length = 0;
      script.length = 0;
      byKey.clear();
      state.delayMs = 0;
    },
    requestsFor(key: string) {
      return requests.filter((r) => r.idempotencyKey === key);
    },
    close: stopListening,
  };
}
