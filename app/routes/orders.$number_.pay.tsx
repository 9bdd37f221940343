import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatRand } from "~/domain/money";
import { cardCheckoutFor } from "~/domain/payments.server";
import { requireUser } from "~/web/guards.server";

// The hand-off to Peach's hosted checkout: a form of signed fields the browser POSTs to the provider. With JavaScript
// it submits itself once (also after a client-side navigation here); without, the shopper presses the button. An order that is no longer payable goes to its page.

export const meta: MetaFunction = () => [{ title: "Pay by card · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const checkout = await cardCheckoutFor(context, user.id, params.number ?? "");
  if (!checkout) throw redirect(`/orders/${encodeURIComponent(params.number ?? "")}`);
  return checkout;
}

export default function PayByCard() {
  const { number, totalCents, form } = useLoaderData<typeof loader>();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.submit(), []);
  return (
    <section className="page narrow">
      <h1>Pay for order {number}</h1>
      <p>You're being taken to Peach Payments to pay {formatRand(totalCents)} securely by card.</p>
      <form ref={formRef} method="post" action={form.action}>
        {Object.entries(form.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="button">
          Continue to secure payment · {formatRand(totalCents)}
        </button>
      </form>
    </section>
  );
}
