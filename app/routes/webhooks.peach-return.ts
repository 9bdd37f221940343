import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { receiveProviderNotification } from "~/domain/payments.server";
import { paramsOf } from "~/infra/payments/peach-signature";

// The shopper's browser coming back from Peach (a cross-site POST, so no session cookie arrives with it). The signed
// parameters name the order; the outcome they claim is only a hint to ask the status API now. The order page then
// shows "payment processing" until the verified outcome is in.

export async function loader() {
  return redirect("/account/orders");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const params = paramsOf(new URLSearchParams(await request.text()));
  const { result, orderNumber } = await receiveProviderNotification(context, params, "redirect");
  if (result === "forged" || !orderNumber) {
    return new Response("We could not read the answer from the payment page. Please check your order in your account.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return redirect(`/orders/${orderNumber}`, { status: 303 });
}
