import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A local stand-in for Peach Payments Hosted Checkout (V1), enough of it for our adapter and a real browser:
 *
 * - `POST /checkout` — the signed form the shop's page posts; renders a card form (test card 4111 1111 1111 1111
 *   pays, 4000 0000 0000 0002 is declined) and a "Cancel payment" button;
 * - the outcome page posts signed parameters back to `shopperResultUrl` (auto-submitting, with a visible button);
 * - signed webhooks to `notificationUrl` for every state change (`autoWebhooks`), or on demand from a test
 *   (`webhookFor`, `deliver`) — duplicated, out of order, late;
 * - `GET /status` — signed answers, two calls a minute per checkout, then 429 (its clock is injectable);
 * - `POST /v1/checkout/refund` — refunds against a payment id, never more than was paid.
 *
 * It signs with its own HMAC code (node:crypto), not the app's, so a signing bug cannot hide on both sides.
 */

export type PeachState = "pending" | "successful" | "failed" | "cancelled";
type Params = Record<string, string>;

export type PeachSession = {
  checkoutId: string;
  request: Params;
  state: PeachState;
  code: string;
  description: string;
  paymentId: string | null;
  /** What the status API reports as the amount (a test may make it disagree with the request). */
  reportedAmount: string;
  refundedCents: number;
};

const CODES: Record<PeachState, [string, string]> = {
  pending: ["000.200.000", "Transaction pending"],
  successful: ["000.100.110", "Request successfully processed in 'Merchant in Integrator Test Mode'"],
  failed: ["800.100.151", "transaction declined (invalid card)"],
  cancelled: ["100.396.101", "Cancelled by user"],
};

export const TEST_CARDS = { pays: "4111111111111111", declined: "4000000000000002" } as const;

const hex = (n: number) => randomBytes(n).toString("hex");
const cents = (amount: string) => Math.round(Number(amount) * 100);
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type PeachStandIn = Awaited<ReturnType<typeof startPeachStandIn>>;

export async function startPeachStandIn(
  opts: { entityId?: string; secretToken?: string; autoWebhooks?: boolean; now?: () => number } = {},
) {
  const entityId = opts.entityId ?? hex(16);
  const secretToken = opts.secretToken ?? hex(16);
  const now = opts.now ?? Date.now;
  const sessions = new Map<string, PeachSession>();
  const statusCalls: { checkoutId: string; status: number }[] = [];
  const statusWindow = new Map<string, number[]>();
  const refunds: { paymentId: string; amount: string; refundId: string; code: string }[] = [];
  const webhooks: { checkoutId: string; state: PeachState; status: number; params: Params }[] = [];
  const sockets = new Set<Socket>();

  const signingString = (p: Params) =>
    Object.keys(p)
      .filter((k) => k !== "signature")
      .sort()
      .map((k) => k + p[k])
      .join("");
  const signOf = (p: Params) => createHmac("sha256", secretToken).update(signingString(p)).digest("hex");
  const signed = (p: Params): Params => ({ ...p, signature: signOf(p) });
  const valid = (p: Params) => {
    const given = Buffer.from(p.signature ?? "", "utf8");
    const expected = Buffer.from(signOf(p), "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  /** The parameters Peach posts for a session's current state (webhook and redirect alike), signed. */
  function resultParams(s: PeachSession, amount = s.request.amount): Params {
    const p: Params = {
      amount,
      checkoutId: s.checkoutId,
      currency: s.request.currency,
      merchantTransactionId: s.request.merchantTransactionId,
      paymentType: "DB",
      "result.code": s.code,
      "result.description": s.description,
      timestamp: new Date(now()).toISOString(),
    };
    if (s.paymentId) p.id = s.paymentId;
    return signed(p);
  }

  function setState(s: PeachSession, state: PeachState) {
    s.state = state;
    [s.code, s.description] = CODES[state];
    if (state === "successful" && !s.paymentId) s.paymentId = hex(16);
  }

  async function deliver(checkoutId: string, params?: Params) {
    const s = sessions.get(checkoutId)!;
    const sent = params ?? resultParams(s);
    const body = new URLSearchParams(sent);
    let status = 0;
    try {
      const res = await fetch(s.request.notificationUrl, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      status = res.status;
      await res.text();
    } catch {
      status = 0;
    }
    webhooks.push({ checkoutId, state: s.state, status, params: sent });
    return status;
  }

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, "application/json", JSON.stringify(body));
  const page = (title: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

  /** The page that takes the shopper back to the shop with the signed outcome. */
  function returnPage(s: PeachSession) {
    const fields = Object.entries(resultParams(s))
      .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
      .join("");
    return page(
      s.state === "successful" ? "Payment successful" : "Payment not completed",
      `<form id="back" method="post" action="${escape(s.request.shopperResultUrl)}">${fields}<button type="submit">Return to the shop</button></form>` +
        `<script>document.getElementById("back").submit()</script>`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://stand-in");
    const form: Params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));

    if (req.method === "POST" && url.pathname === "/checkout") {
      if (!valid(form) || form["authentication.entityId"] !== entityId) {
        return send(res, 401, "text/html", page("Invalid signature", "<p>The shop's request was not signed correctly.</p>"));
      }
      if (!/^[a-zA-Z0-9]{8,16}$/.test(form.merchantTransactionId ?? "") || !/^\d{1,10}\.\d{2}$/.test(form.amount ?? "")) {
        return send(res, 400, "text/html", page("Invalid request", "<p>merchantTransactionId or amount is malformed.</p>"));
      }
      const s: PeachSession = {
        checkoutId: hex(16),
        request: form,
        state: "pending",
        code: "",
        description: "",
        paymentId: null,
        reportedAmount: form.amount,
        refundedCents: 0,
      };
      setState(s, "pending");
      sessions.set(s.checkoutId, s);
      if (opts.autoWebhooks) void deliver(s.checkoutId);
      return send(
        res,
        200,
        "text/html",
        page(
          `Pay R${form.amount}`,
          `<p data-checkout-id="${s.checkoutId}">Little Harvest · ${escape(form.merchantTransactionId)}</p>` +
            `<form method="post" action="/checkout/${s.checkoutId}/pay"><label>Card number <input name="cardNumber" autocomplete="off"></label>` +
            `<button type="submit">Pay now</button></form>` +
            `<form method="post" action="/checkout/${s.checkoutId}/cancel"><button type="submit">Cancel payment</button></form>`,
        ),
      );
    }

    const action = /^\/checkout\/([0-9a-f]+)\/(pay|cancel)$/.exec(url.pathname);
    if (req.method === "POST" && action) {
      const s = sessions.get(action[1]);
      if (!s) return send(res, 404, "text/html", page("Unknown checkout", ""));
      if (s.state === "pending") {
        const card = (form.cardNumber ?? "").replace(/\s/g, "");
        setState(s, action[2] === "cancel" ? "cancelled" : card === TEST_CARDS.pays ? "successful" : "failed");
        // Peach sends the final webhook too, in no guaranteed order relative to the shopper's redirect.
        if (opts.autoWebhooks) void deliver(s.checkoutId);
      }
      return send(res, 200, "text/html", returnPage(s));
    }

    if (req.method === "GET" && url.pathname === "/status") {
      const q: Params = Object.fromEntries(url.searchParams);
      if (!valid(q) || q["authentication.entityId"] !== entityId) return json(res, 401, { "result.code": "800.900.300" });
      const s = q.checkoutId
        ? sessions.get(q.checkoutId)
        : [...sessions.values()].reverse().find((x) => x.request.merchantTransactionId === q.merchantTransactionId);
      if (!s) return json(res, 404, signed({ "result.code": "700.400.580", "result.description": "cannot find transaction" }));
      const t = now();
      const recent = (statusWindow.get(s.checkoutId) ?? []).filter((at) => t - at < 60_000);
      if (recent.length >= 2) {
        statusCalls.push({ checkoutId: s.checkoutId, status: 429 });
        return json(res, 429, { "result.code": "800.120.100", "result.description": "Too many requests" });
      }
      statusWindow.set(s.checkoutId, [...recent, t]);
      statusCalls.push({ checkoutId: s.checkoutId, status: 200 });
      return json(res, 200, resultParams(s, s.reportedAmount));
    }

    if (req.method === "POST" && url.pathname === "/v1/checkout/refund") {
      if (!valid(form) || form["authentication.entityId"] !== entityId) return json(res, 401, { "result.code": "800.900.300" });
      const s = [...sessions.values()].find((x) => x.paymentId === form.id && x.state === "successful");
      const refundId = hex(16);
      const answer = (code: string, description: string) =>
        signed({
          id: refundId,
          paymentType: "RF",
          amount: form.amount,
          currency: form.currency,
          "result.code": code,
          "result.description": description,
        });
      if (!s || form.paymentType !== "RF")
        return json(
          res,
          200,
          answer("700.400.200", "cannot refund (refund volume exceeded or tx reversed or invalid workflow?)"),
        );
      if (s.refundedCents + cents(form.amount) > cents(s.request.amount)) {
        return json(
          res,
          200,
          answer("700.400.200", "cannot refund (refund volume exceeded or tx reversed or invalid workflow?)"),
        );
      }
      s.refundedCents += cents(form.amount);
      refunds.push({ paymentId: form.id, amount: form.amount, refundId, code: "000.000.000" });
      return json(res, 200, answer("000.000.000", "Transaction succeeded"));
    }

    return send(res, 404, "text/plain", "Not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, "text/plain", String(e));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;

  return {
    url,
    entityId,
    secretToken,
    /** The app's PEACH_* settings for this stand-in. */
    env: {
      PEACH_ENTITY_ID: entityId,
      PEACH_SECRET_TOKEN: secretToken,
      PEACH_CHECKOUT_URL: `${url}/checkout`,
      PEACH_API_URL: url,
    },
    sessions,
    statusCalls,
    refunds,
    webhooks,
    signed,
    session(merchantTransactionId: string) {
      return [...sessions.values()].find((s) => s.request.merchantTransactionId === merchantTransactionId);
    },
    /** The signed webhook parameters for a checkout's current state (or `state`, without changing the session). */
    webhookFor(checkoutId: string, state?: PeachState) {
      const s = sessions.get(checkoutId)!;
      if (!state) return resultParams(s);
      const copy = { ...s };
      setState(copy, state);
      return resultParams(copy);
    },
    /** Moves a checkout to a state, as Peach does when it settles a payment late. */
    settle(checkoutId: string, state: PeachState) {
      setState(sessions.get(checkoutId)!, state);
    },
    /** Make the status API report another amount for this checkout (an amount-mismatch drill). */
    reportAmount(checkoutId: string, amount: string) {
      sessions.get(checkoutId)!.reportedAmount = amount;
    },
    /** POST a webhook to the session's notificationUrl now (its current state, or the given signed params). */
    deliver,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
