import type { AppContext } from "../app-context";
import type { RateBudget } from "../config.server";
import { createRateLimiter, type RateLimiter, type RateLimitPolicy, type RateLimitResult } from "../rate-limit.server";
import { claimedUserId, readSessionToken } from "../session.server";
import type { Middleware, RequestState } from "./pipeline.server";
import type { RateLimitRefusal } from "./rate-limit-refusal.server";

/**
 * Per-route-class rate limits (docs/architecture.md §1, §7), after the security and CSRF middlewares and the static files:
 *
 * | class    | requests                                    | budget (config)       | store down →        |
 * |----------|---------------------------------------------|-----------------------|---------------------|
 * | auth     | non-GET to login, signup, password, verify  | RATE_LIMIT_AUTH       | in-memory window    |
 * | checkout | non-GET to checkout                         | RATE_LIMIT_CHECKOUT   | in-memory window    |
 * | post     | any other non-GET                           | RATE_LIMIT_POST       | in-memory window    |
 * | pages    | GET / HEAD                                  | RATE_LIMIT_PAGES      | open (let through)  |
 * | webhook  | non-GET to /webhooks/* (per client IP only) | RATE_LIMIT_WEBHOOKS   | in-memory window    |
 *
 * Health, readiness, metrics and static files are never limited (static files are answered before this runs).
 * The key is the client IP (the same one every other limiter uses: client-address.server.ts) plus, for non-GET requests
 * other than webhooks, the signed-in account (verified against the session table, so a made-up cookie cannot buy a
 * fresh budget). Webhooks come from a provider's few addresses with no session; their budget is per address, generous
 * for the provider's bursts, and stops one client from making us verify signatures (and log refusals) without end.
 */

type RouteClass = "auth" | "checkout" | "post" | "pages" | "webhook";

const EXEMPT_ROUTES = new Set(["static", "routes/api.health-simple", "routes/api.system-status", "routes/api.metrics-full"]);
const AUTH_ROUTE = /^routes\/(login|signup|forgot-password|reset-password|verify-email|auth\.)/;
const CHECKOUT_ROUTE = /^routes\/checkout(\.|$)/;
const WEBHOOK_ROUTE = /^routes\/webhooks\./;

const POLICY: Record<RouteClass, RateLimitPolicy> = {
  auth: "memory",
  checkout: "memory",
  post: "memory",
  pages: "open",
  webhook: "memory",
};

/** Which class a request belongs to, or null when it is exempt. */
function routeClass(method: string, routeId: string): RouteClass | null {
  if (EXEMPT_ROUTES.has(routeId)) return null;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return "pages";
  if (WEBHOOK_ROUTE.test(routeId)) return "webhook";
  if (AUTH_ROUTE.test(routeId)) return "auth";
  if (CHECKOUT_ROUTE.test(routeId)) return "checkout";
  return "post";
}

export function rateLimit(ctx: AppContext): Middleware {
  const { config } = ctx;
  const budgets: Record<RouteClass, RateBudget> = {
    auth: config.RATE_LIMIT_AUTH,
    checkout: config.RATE_LIMIT_CHECKOUT,
    post: config.RATE_LIMIT_POST,
    pages: config.RATE_LIMIT_PAGES,
    webhook: config.RATE_LIMIT_WEBHOOKS,
  };
  const limiters = {} as Record<RouteClass, RateLimiter | null>;
  for (const cls of Object.keys(budgets) as RouteClass[]) {
    const b = budgets[cls];
    limiters[cls] = b
      ? createRateLimiter(ctx.kv, {
          name: `route-${cls}`,
          limit: b.limit,
          windowMs: b.windowMs,
          timeoutMs: config.RATE_LIMIT_TIMEOUT_MS,
          onStoreFailure: POLICY[cls],
          metricClass: cls,
          log: ctx.log,
          metrics: ctx.metrics,
        })
      : null;
  }

  const overBudget = createOverBudget();

  const accountOf = async (state: RequestState): Promise<string> => {
    try {
      const user = await state.arrivingUser();
      return user ? `u${user.id}` : "anon";
    } catch {
      return "anon"; // the database is the page's problem, not the limiter's
    }
  };

  return async (request, state, next) => {
    const cls = routeClass(request.method, state.routeId);
    const limiter = cls && limiters[cls];
    if (!cls || !limiter) return next(request, state);

    const ip = state.clientIp;
    // A refused request still goes to Remix, with the verdict in its load context: every loader and action then throws
    // the 429 before doing any work (rate-limit-refusal.server.ts), and Remix answers in the form the request needs.
    const refuse = async (result: RateLimitResult, sent: Request = request) => {
      ctx.metrics.rateLimitRejections.inc({ class: cls });
      ctx.refusals.warn(
        state.log,
        `rate-limited:${cls}`,
        { class: cls, route: state.routeId, fallback: result.fallback },
        "rate limited",
      );
      const retryAfter = secondsUntil(result.resetMs);
      const response = await next(sent, { ...state, rateLimited: refusalFor(cls, retryAfter) });
      response.headers.set("Retry-After", String(retryAfter));
      response.headers.set("Cache-Control", "no-store");
      setRateLimitHeaders(response.headers, { ...result, remaining: 0 }, budgets[cls]!);
      return response;
    };
    const answer = (response: Response, result: RateLimitResult) => {
      if (result.fallback !== "open") setRateLimitHeaders(response.headers, result, budgets[cls]!);
      return response;
    };

    if (cls === "pages") {
      // Reading a page is safe to compute and throw away, so the limiter's store call and the page's own work run side
      // by side: browsing pays no extra sequential round trip to the KV (80 ms or more from the edge). An address over
      // its budget is remembered here until its window resets and refused from then on before any route work is done.
      const known = overBudget.refused(ip, Date.now());
      if (known) return refuse(known);
      const [result, response] = await Promise.all([limiter.limit(ip), next(request, state)]);
      if (result.success) return answer(response, result);
      await response.body?.cancel().catch(() => {});
      overBudget.remember(ip, result, Date.now());
      return refuse(result);
    }

    if (cls === "webhook") {
      const result = await limiter.limit(ip);
      return result.success ? answer(await next(request, state), result) : refuse(result);
    }

    // The store call starts for the account the cookie names while the session is checked; a name the check does not
    // confirm (a made-up or stale cookie) is charged again under the account it really is, so it buys no fresh budget.
    const claim = claimedUserId(readSessionToken(request, config));
    const claimed = claim === null ? "anon" : `u${claim}`;
    const verdict = (async () => {
      const [first, account] = await Promise.all([limiter.limit(`${ip}|${claimed}`), accountOf(state)]);
      return account === claimed ? first : limiter.limit(`${ip}|${account}`);
    })();
    if (cls === "checkout") {
      // Placing an order reads first, then writes in one batch: its reads run beside the verdict (one sequential round
      // trip less from the edge) and its write waits for it (`allowedToWrite`). Over budget, nothing was written and
      // whatever the action answered gives way to the 429.
      verdict.catch(() => {});
      state.allowedToWrite = async () => {
        if (!(await verdict).success) throw new Response(null, { status: 429 }); // replaced by the refusal below
      };
      const response = await next(request, state);
      const result = await verdict;
      if (result.success) return answer(response, result);
      await response.body?.cancel().catch(() => {});
      // The body was read by the action; the second pass refuses before any route reads it.
      return refuse(result, withoutBody(request));
    }
    const result = await verdict;
    if (!result.success) return refuse(result);
    return answer(await next(request, state), result);
  };
}

/** Page clients over their budget, until their window resets (bounded: the oldest are forgotten first). */
function createOverBudget(max = 10_000) {
  const until = new Map<string, RateLimitResult>();
  return {
    refused(ip: string, now: number): RateLimitResult | null {
      const r = until.get(ip);
      if (!r) return null;
      if (r.resetMs > now) return r;
      until.delete(ip);
      return null;
    },
    remember(ip: string, r: RateLimitResult, now: number) {
      if (r.resetMs <= now) return;
      until.delete(ip);
      until.set(ip, r);
      if (until.size > max) until.delete(until.keys().next().value!);
    },
  };
}

function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil((ms - Date.now()) / 1000));
}

/** IETF draft "RateLimit header fields" (the separate-fields form most clients understand). */
function setRateLimitHeaders(headers: Headers, r: RateLimitResult, budget: { limit: number; windowMs: number }) {
  try {
    headers.set("RateLimit-Limit", String(r.limit));
    headers.set("RateLimit-Remaining", String(Math.max(0, r.remaining)));
    headers.set("RateLimit-Reset", String(secondsUntil(r.resetMs)));
    headers.set("RateLimit-Policy", `${budget.limit};w=${Math.round(budget.windowMs / 1000)}`);
  } catch {
    // Immutable headers (a fetched Response passed through): the limit still applied, only the hint is lost.
  }
}

const MESSAGES: Record<RouteClass, { title: string; body: string }> = {
  auth: {
    title: "Too many attempts",
    body: "For your account's safety we pause sign-in and password forms after many tries in a short time.",
  },
  checkout: {
    title: "Too many checkout attempts",
    body: "Your cart is safe. We pause checkout briefly after many tries in a row.",
  },
  post: { title: "That was a lot of clicks", body: "We pause changes briefly after many in a short time." },
  pages: { title: "Slow down a little", body: "We have had a lot of requests from your connection in a short time." },
  webhook: { title: "Too many notifications", body: "This address has sent many notifications in a short time." },
};

function refusalFor(cls: RouteClass, retryAfter: number): RateLimitRefusal {
  const wait = retryAfter === 1 ? "a second" : `${retryAfter} seconds`;
  const { title, body } = MESSAGES[cls];
  return { title, message: `${body} Please wait ${wait} and try again.`, retryAfter };
}

/** The same request with its (already read) body dropped, for the refusing second pass through Remix. */
function withoutBody(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("content-type");
  return new Request(request.url, { method: request.method, headers });
}
