import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveProviderNotification } from "~/domain/payments.server";
import { paramsOf } from "~/infra/payments/peach-signature";

// Peach's webhooks: the raw form body, signature checked before anything else (401 when it fails), then stored once
// and confirmed with the status API. A valid signature always gets 200 — what cannot be finished now, the reconcile
// job finishes — so Peach does not retry a delivery we already hold. Posts are limited per client address
// (RATE_LIMIT_WEBHOOKS) and refusals logged at most once a minute, so forged posts flood neither.

const MAX_BODY = 16 * 1024;

export async function loader() {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const text = await request.text();
  if (text.length > MAX_BODY) return new Response("Payload too large", { status: 413 });
  const { result } = await receiveProviderNotification(context, paramsOf(new URLSearchParams(text)), "webhook");
  if (result === "forged") {
    context.refusals.warn(context.log, "peach-signature", {}, "peach webhook with a bad signature refused");
    return new Response("Invalid signature", { status: 401 });
  }
  return new Response("OK", { status: 200, headers: { "content-type": "text/plain" } });
}
