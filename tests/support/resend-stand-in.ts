import { createHmac, randomBytes, randomUUID } from "node:crypto";
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
 *
 * Webhooks, as Resend sends them (through Svix): once `sendWebhooksTo(target, secret)` is set, every accepted email
 * queues `email.sent` and then its outcome — `email.delivered` by default; `bounce(address)` (a Permanent bounce, or
 * `{ type: "Transient" }`), `complain(address)` (delivered, then `email.complained`) or `delay(address)`
 * (`email.delivery_delayed`) script an address. `flushWebhooks()` posts what is queued, in order, each with fresh
 * `svix-id`, `svix-timestamp` and `svix-signature` headers over the exact JSON body; `postWebhook` sends one crafted
 * delivery (stale, forged, replayed, out of order).
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

// ---------------------------------------------------------------------------------------------------------------
// Webhooks (Svix's scheme, which Resend uses)

/** A new signing secret in Resend's format: `whsec_` + base64 of random key bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Svix's signature: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the base64-decoded secret. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** Svix message ids look like `msg_2KWPBgLlAfxdpx2AI54pPJ85f4W`. */
const svixId = () => `msg_${randomBytes(20).toString("base64url").slice(0, 27)}`;

export type WebhookEventType =
  "email.sent" | "email.delivered" | "email.delivery_delayed" | "email.bounced" | "email.complained" | "email.failed";

/** A webhook body in Resend's shape. */
export type WebhookEvent = {
  type: WebhookEventType;
  created_at: string;
  data: {
    created_at: string;
    email_id: string;
    from: string;
    to: string[];
    subject: string;
    bounce?: { message: string; subType: string; type: string };
    failed?: { reason: string };
  };
};

type Outcome = { kind: "bounce"; type: string; subType: string; message: string } | { kind: "complain" } | { kind: "delay" };

export type WebhookTarget = string | ((request: Request) => Promise<Response>);

export type PostOptions = {
  /** Defaults to a fresh svix-id; reuse one to replay. */
  id?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Sign with this secret instead (a forgery). */
  secret?: string;
  /** Send this body instead of the one signed (tampering). */
  bodyOverride?: string;
};

export type PostedWebhook = { id: string; type: string; status: number };

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
  const outcomes = new Map<string, Outcome>();
  const queued: WebhookEvent[] = [];
  const posted: PostedWebhook[] = [];
  const hook: { target: WebhookTarget | null; secret: string | null } = { target: null, secret: null };

  function eventFor(email: DeliveredEmail, type: WebhookEventType, extra: Partial<WebhookEvent["data"]> = {}): WebhookEvent {
    const now = new Date().toISOString();
    return {
      type,
      created_at: now,
      data: { created_at: now, email_id: email.id, from: email.from, to: email.to, subject: email.subject, ...extra },
    };
  }

  /** What Resend would report for an accepted email, given the scripted outcome of its (first) address. */
  function queueEventsFor(email: DeliveredEmail) {
    if (!hook.target) return;
    queued.push(eventFor(email, "email.sent"));
    const outcome = outcomes.get(email.to[0]?.toLowerCase() ?? "");
    if (!outcome) queued.push(eventFor(email, "email.delivered"));
    else if (outcome.kind === "delay") queued.push(eventFor(email, "email.delivery_delayed"));
    else if (outcome.kind === "complain") queued.push(eventFor(email, "email.delivered"), eventFor(email, "email.complained"));
    else
      queued.push(
        eventFor(email, "email.bounced", { bounce: { message: outcome.message, subType: outcome.subType, type: outcome.type } }),
      );
  }

  async function postWebhook(event: WebhookEvent, opts: PostOptions = {}): Promise<PostedWebhook> {
    if (!hook.target || !hook.secret) throw new Error("call sendWebhooksTo(target, secret) first");
    const id = opts.id ?? svixId();
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const body = JSON.stringify(event);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Svix-Webhooks/1.66.0 (sender-stand-in)",
      "svix-id": id,
      "svix-timestamp": String(timestamp),
      "svix-signature": signWebhook(opts.secret ?? hook.secret, id, timestamp, body),
    };
    const target = hook.target;
    const init = { method: "POST", headers, body: opts.bodyOverride ?? body };
    const res =
      typeof target === "string"
        ? await fetch(target, init)
        : await target(new Request("http://localhost:3000/webhooks/resend", init));
    await res.arrayBuffer();
    const result = { id, type: event.type, status: res.status };
    posted.push(result);
    return result;
  }

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
    queueEventsFor(email);
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
    /** Forget everything delivered, received and scripted (between tests); the webhook target stays. */
    reset() {
      delivered.length = 0;
      requests.length = 0;
      script.length = 0;
      byKey.clear();
      state.delayMs = 0;
      outcomes.clear();
      queued.length = 0;
      posted.length = 0;
    },
    /** Where webhooks go (a URL, or a handler taking the Request) and the secret they are signed with. */
    sendWebhooksTo(target: WebhookTarget, secret: string) {
      hook.target = target;
      hook.secret = secret;
    },
    /** Mail to this address bounces: Permanent (a hard bounce) unless told otherwise. */
    bounce(address: string, how: { type?: "Permanent" | "Transient"; subType?: string; message?: string } = {}) {
      outcomes.set(address.toLowerCase(), {
        kind: "bounce",
        type: how.type ?? "Permanent",
        subType: how.subType ?? "General",
        message:
          how.message ??
          "The recipient's email provider rejected the email: 550 5.1.1 the email account that you tried to reach does not exist.",
      });
    },
    /** Mail to this address is delivered, then marked as spam. */
    complain(address: string) {
      outcomes.set(address.toLowerCase(), { kind: "complain" });
    },
    /** Mail to this address is delayed (the recipient's server defers it). */
    delay(address: string) {
      outcomes.set(address.toLowerCase(), { kind: "delay" });
    },
    /** Events waiting to be posted, in order. */
    queuedWebhooks: queued,
    /** Every webhook posted, with the status the app answered. */
    postedWebhooks: posted,
    /** Posts every queued event, oldest first; returns what was posted. */
    async flushWebhooks(): Promise<PostedWebhook[]> {
      const out: PostedWebhook[] = [];
      while (queued.length > 0) out.push(await postWebhook(queued.shift()!));
      return out;
    },
    /** A Resend-shaped event about an accepted email (to post out of order, or to forge). */
    eventFor,
    postWebhook,
    requestsFor(key: string) {
      return requests.filter((r) => r.idempotencyKey === key);
    },
    close: stopListening,
  };
}
