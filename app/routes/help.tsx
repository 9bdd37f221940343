import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getHelpPage } from "~/domain/help-page.server";
import { formatRand } from "~/domain/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Help: delivery, paying, allergies and food safety · Little Harvest" },
  {
    name: "description",
    content: "Where and when we deliver, fees, paying, cancelling, allergy warnings and how to store and reheat baby meals.",
  },
  ...(data ? [{ tagName: "link", rel: "canonical", href: data.canonical }] : []),
];

export async function loader({ context }: LoaderFunctionArgs) {
  return { ...(await getHelpPage(context)), canonical: `${context.config.appUrl}/help` };
}

const SECTIONS = [
  { id: "delivery", title: "Delivery area and days" },
  { id: "fees", title: "Delivery fees" },
  { id: "allergies", title: "Allergy and age warnings" },
  { id: "food-safety", title: "Storing, thawing and reheating" },
  { id: "paying", title: "Paying" },
  { id: "cancelling", title: "Cancelling and refunds" },
  { id: "contact", title: "Contact the kitchen" },
] as const;

/** "Monday, Wednesday and Friday". */
const listed = (items: readonly string[], last = "and") =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;

export default function Help() {
  const help = useLoaderData<typeof loader>();
  const titleOf = (id: (typeof SECTIONS)[number]["id"]) => SECTIONS.find((s) => s.id === id)!.title;
  return (
    <article className="page narrow help">
      <h1>Help for parents</h1>
      <nav aria-label="On this page">
        <ul className="help__contents">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="delivery" aria-labelledby="delivery-h">
        <h2 id="delivery-h">{titleOf("delivery")}</h2>
        <p data-testid="help-days">
          We deliver on <strong>{listed(help.deliveryDays)}</strong>.
        </p>
        <p data-testid="help-cutoff">
          Meals are cooked the day before they arrive. Order before <strong>{help.cutoff}</strong> (Johannesburg time) and your
          meals can come tomorrow, if tomorrow is a delivery day; from {help.cutoff} on, the earliest is the day after tomorrow.
          Checkout shows the days still open to you.
        </p>
        <p>
          We deliver to Johannesburg and the northern suburbs, to these postal codes:{" "}
          <span data-testid="help-postal-codes">{help.postalCodes.join(", ")}</span>. If yours is not listed, write to us — we add
          areas as we grow.
        </p>
      </section>

      <section id="fees" aria-labelledby="fees-h">
        <h2 id="fees-h">{titleOf("fees")}</h2>
        <p data-testid="help-fees">
          Delivery costs <strong>{formatRand(help.deliveryFeeCents)}</strong>, and is free on orders of{" "}
          <strong>{formatRand(help.freeDeliveryThresholdCents)}</strong> or more. Your cart shows how far you are from free
          delivery.
        </p>
      </section>

      <section id="allergies" aria-labelledby="allergies-h">
        <h2 id="allergies-h">{titleOf("allergies")}</h2>
        <p>
          Every meal lists what it contains and what it may contain (traces from our kitchen) of the common allergens:{" "}
          {listed(help.allergens)}.
        </p>
        <p>
          Add your child, their date of birth and their allergies under <Link to="/account/children">My children</Link>. Then each
          meal says whether it suits their age, and a meal that contains or may contain one of their allergens is marked clearly
          and only goes in your cart once you tick that you understand.
        </p>
        <p>
          <strong>What the warnings cannot do.</strong> They only know the allergies you have told us about, and only for the
          children saved on the account you are logged in with. Our kitchen handles all of these allergens, so we cannot promise
          any meal is free of traces. Age groups are a guide to texture and portion, not medical advice: if your child has a
          severe allergy or you are unsure about a food, check with your doctor or clinic first, and read the label on each pot.
        </p>
      </section>

      <section id="food-safety" aria-labelledby="food-safety-h">
        <h2 id="food-safety-h">{titleOf("food-safety")}</h2>
        <ul>
          <li>Put the meals in the fridge (5 °C or colder) as soon as they arrive, and use them by the date on the lid.</li>
          <li>To keep them longer, freeze them on the day they arrive and use them within a month.</li>
          <li>
            Thaw a frozen meal overnight in the fridge — never on the counter — and use it within 24 hours. Never freeze it again
            once thawed.
          </li>
          <li>
            Reheat only once, until it is steaming hot all the way through. Stir well (microwaves leave hot spots), let it cool,
            and test the temperature on the inside of your wrist before feeding.
          </li>
          <li>Throw away what is left in your baby's bowl; saliva from the spoon spoils it.</li>
        </ul>
      </section>

      <section id="paying" aria-labelledby="paying-h">
        <h2 id="paying-h">{titleOf("paying")}</h2>
        {help.paymentMethods.length === 0 ? (
          <p>Ordering online is paused just now. Please contact us to order.</p>
        ) : (
          <ul data-testid="help-payment-methods">
            {help.paymentMethods.map((m) => (
              <li key={m.code}>
                <strong>{m.label}</strong>: {m.hint}
              </li>
            ))}
          </ul>
        )}
        <p>Prices are in rand. Checkout shows the total, with delivery, before you place the order.</p>
      </section>

      <section id="cancelling" aria-labelledby="cancelling-h">
        <h2 id="cancelling-h">{titleOf("cancelling")}</h2>
        <p>
          You can cancel an order yourself from its page (under <Link to="/account/orders">My orders</Link>) while it is{" "}
          {listed(
            help.cancellableWhile.map((s) => `“${s}”`),
            "or",
          )}{" "}
          — until the kitchen starts preparing it. After that, call us and we will do what we can.
        </p>
        <p>
          If you paid by card, cancelling refunds the full amount to the same card; your bank usually shows it within a few
          working days. Cash on delivery orders have nothing to refund. If something was wrong with a delivery, contact us and we
          will refund or replace it.
        </p>
      </section>

      <section id="contact" aria-labelledby="contact-h">
        <h2 id="contact-h">{titleOf("contact")}</h2>
        <ul data-testid="help-contact">
          <li>
            Email: <a href={`mailto:${help.contact.email}`}>{help.contact.email}</a>
          </li>
          <li>
            Phone: <a href={`tel:${help.contact.phone.replace(/[^+\d]/g, "")}`}>{help.contact.phone}</a>
          </li>
          <li>Kitchen: {help.contact.address}</li>
        </ul>
        <p>Please have your order number (it starts with LH-) to hand.</p>
      </section>
    </article>
  );
}
