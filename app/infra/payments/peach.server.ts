// Peach Payments Hosted Checkout (V1) over `fetch` and Web Crypto: no SDK, no node:* imports, so the Node server and
// the edge worker share it. Endpoints: the checkout form posts to PEACH_CHECKOUT_URL; the status API is `/status` on
// the same host; refunds go to PEACH_API_URL + /v1/checkout/refund. Every call is signed, and every answer we act on
// must carry a valid signature too.
import { sign, verify, type Params } from "./peach-signature";
import { ProviderUnavailableError, type PaymentProvider, type ProviderOutcome } from "./provider.server";

export type PeachConfig = { entityId: string; secretToken: string; checkoutUrl: string; apiUrl: string };

const TIMEOUT_MS = 8_000;

// Result-code groups from Peach's response-code reference. Manual-review successes count as pending (fail closed).
const SUCCESS = /^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/;
const PENDING = /^(000\.200|800\.400\.5|100\.400\.500|000\.400\.0[^3]|000\.400\.100)/;

export function stateOfCode(code: string): ProviderOutcome["state"] {
  if (SUCCESS.test(code)) return "successful";
  if (PENDING.test(code) || code === "") return "pending";
  return "failed";
}

/** "123.00" → 12300; null for anything that is not a plain amount with at most two decimals. */
export function centsOf(amount: string | undefined): number | null {
  if (!amount || !/^\d{1,10}(\.\d{1,2})?$/.test(amount)) return null;
  const [whole, frac = ""] = amount.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

export const amountOf = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

function outcomeOf(p: Params): ProviderOutcome {
  const code = p["result.code"] ?? "";
  return {
    state: stateOfCode(code),
    code,
    description: p["result.description"] ?? "",
    amountCents: centsOf(p.amount),
    currency: p.currency ?? null,
    paymentId: p.id || null,
    checkoutId: p.checkoutId || null,
    merchantTransactionId: p.merchantTransactionId || null,
  };
}

/**
 * Fields Peach assigns and puts in every notification (webhook and shopper redirect alike: "Hosted Checkout payment
 * response" marks `checkoutId`, `result.code` and `timestamp` Required) and that none of the requests we sign carries.
 * Our checkout form (handed to the shopper's browser) is signed with the same secret, so a signature alone cannot
 * tell a notification from that form posted back: these fields can.
 */
function looksLikeNotification(p: Params): boolean {
  return (
    /^[A-Za-z0-9.-]{32,48}$/.test(p.checkoutId ?? "") &&
    /^\d{3}(\.\d{3}){2}$/.test(p["result.code"] ?? "") &&
    (p.timestamp ?? "") !== ""
  );
}

export function createPeachProvider(config: PeachConfig, fetchImpl: typeof fetch = fetch): PaymentProvider {
  const checkoutUrl = new URL(config.checkoutUrl);
  const statusUrl = new URL("/status", checkoutUrl);
  const refundUrl = new URL("v1/checkout/refund", config.apiUrl.endsWith("/") ? config.apiUrl : `${config.apiUrl}/`);

  async function signed(params: Params): Promise<Params> {
    return { ...params, signature: await sign(config.secretToken, params) };
  }

  /** The JSON body of a provider answer, flattened to strings, refused unless its signature verifies. */
  async function signedAnswer(res: Response, what: string): Promise<Params> {
    if (res.status === 429) throw new ProviderUnavailableError(`Peach ${what}: rate limited`, true);
    if (res.status >= 500) throw new ProviderUnavailableError(`Peach ${what}: HTTP ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ProviderUnavailableError(`Peach ${what}: unreadable answer (HTTP ${res.status})`);
    }
    const params: Params = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      if (typeof v === "string" || typeof v === "number") params[k] = String(v);
    }
    if (!(await verify(config.secretToken, params))) throw new ProviderUnavailableError(`Peach ${what}: answer not signed`);
    return params;
  }

  async function call(url: URL, init: RequestInit, what: string): Promise<Params> {
    let res: Response;
    try {
      res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new ProviderUnavailableError(`Peach ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return signedAnswer(res, what);
  }

  return {
    name: "peach",
    checkoutOrigin: checkoutUrl.origin,

    async checkoutForm(input) {
      const fields = await signed({
        "authentication.entityId": config.entityId,
        amount: amountOf(input.amountCents),
        currency: "ZAR",
        paymentType: "DB",
        merchantTransactionId: input.merchantTransactionId,
        nonce: crypto.randomUUID().replace(/-/g, ""),
        shopperResultUrl: input.shopperResultUrl,
        notificationUrl: input.notificationUrl,
        defaultPaymentMethod: "CARD",
      });
      return { action: checkoutUrl.toString(), fields };
    },

    verifyNotification: async (params) => looksLikeNotification(params) && (await verify(config.secretToken, params)),
    outcomeOf,

    async status(ref) {
      const query = await signed({
        "authentication.entityId": config.entityId,
        ...(ref.checkoutId ? { checkoutId: ref.checkoutId } : { merchantTransactionId: ref.merchantTransactionId }),
      });
      const url = new URL(statusUrl);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      return outcomeOf(await call(url, { headers: { accept: "application/json" } }, "status"));
    },

    async refund(input) {
      const body = new URLSearchParams(
        await signed({
          "authentication.entityId": config.entityId,
          amount: amountOf(input.amountCents),
          currency: "ZAR",
          id: input.paymentId,
          paymentType: "RF",
        }),
      );
      const answer = await call(
        refundUrl,
        { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" } },
        "refund",
      );
      const outcome = outcomeOf(answer);
      return {
        ok: outcome.state !== "failed",
        refundId: outcome.paymentId,
        code: outcome.code,
        description: outcome.description,
      };
    },
  };
}
