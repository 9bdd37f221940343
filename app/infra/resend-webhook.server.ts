import { Resend } from "resend";
import type { Clock } from "./clock.server";

/**
 * Resend's webhooks are Svix deliveries: headers `svix-id`, `svix-timestamp` (Unix seconds) and `svix-signature`
 * (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64 part of the `whsec_` secret; several
 * space-separated while a secret rotates). The signature is checked by the `resend` SDK's own verifier
 * (`webhooks.verify`, Standard Webhooks underneath). The freshness window is checked here first, against the injected
 * clock, so tests and the replay guard agree on what "now" is; the SDK then applies the same window to the wall clock.
 */

export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export type VerifiedWebhook = { ok: true; svixId: string; payload: unknown } | { ok: false; reason: "stale" | "forged" };

/** Svix's and Resend's tolerance: a delivery signed more than five minutes ago (or ahead) is refused. */
const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

// The SDK wants a client to hang its verifier on; this one never makes a request, so its key is a placeholder.
const verifierKey = "re_webhook_verifier_only";

export function verifyResendWebhook(secret: string, clock: Clock, rawBody: string, headers: WebhookHeaders): VerifiedWebhook {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "forged" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "forged" };
  const signedAt = Number(timestamp) * 1000;
  if (Math.abs(clock.now().getTime() - signedAt) > WEBHOOK_TOLERANCE_MS) return { ok: false, reason: "stale" };
  try {
    const payload: unknown = new Resend(verifierKey).webhooks.verify({
      payload: rawBody,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    });
    return { ok: true, svixId: id, payload };
  } catch (error) {
    // "Message timestamp too old/new": the wall clock disagrees with the injected one by minutes; treat as stale.
    if (error instanceof Error && /timestamp/i.test(error.message)) return { ok: false, reason: "stale" };
    return { ok: false, reason: "forged" };
  }
}
