import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveResendWebhook } from "~/domain/email-tracking.server";

// Resend's delivery webhooks (Svix-signed). The raw body is read as sent — the signature covers its exact bytes — and
// is size-limited by the request guard like every /webhooks/ body; origin check and rate limits do not apply (the
// caller is Resend's servers, and the signature is checked before any database work). Forged or stale: 401 and
// nothing changes; so does everything while RESEND_WEBHOOK_SECRET is unset. Everything verified gets 200, including replays and events we ignore, so Svix stops retrying.

export async function loader() {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await receiveResendWebhook(context, await request.text(), {
    id: request.headers.get("svix-id"),
    timestamp: request.headers.get("svix-timestamp"),
    signature: request.headers.get("svix-signature"),
  });
  if (outcome === "unconfigured") {
    // Nothing can be verified, so nothing is accepted (401 too); the log and readiness point at the missing secret.
    context.log.error("resend webhook refused: RESEND_WEBHOOK_SECRET is not set");
    return new Response("Webhook signing secret not configured", { status: 401 });
  }
  if (outcome === "forged" || outcome === "stale") {
    context.log.warn({ outcome }, "resend webhook refused");
    return new Response(outcome === "stale" ? "Stale timestamp" : "Invalid signature", { status: 401 });
  }
  return new Response("OK", { status: 200, headers: { "content-type": "text/plain" } });
}
