import { z } from "zod";
import { formatRand } from "~/domain/money";
import { formatInstantLong } from "~/domain/jhb-dates";
import { CtaButton, EmailLayout, Paragraph, Title } from "./layout";
import { Details } from "./order-parts";
import { cents, httpUrl, instant, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({
  name: text,
  orderNumber: text,
  amountCents: cents,
  /** e.g. "Card", "Cash on delivery". */
  methodLabel: text,
  /** ISO instant with offset, e.g. "2025-03-12T08:15:00Z". */
  paidAt: instant,
  orderUrl: httpUrl,
});
type Props = z.infer<typeof schema>;

function PaymentConfirmation(props: Props & { store: StoreInfo }) {
  const amount = formatRand(props.amountCents);
  return (
    <EmailLayout
      preview={`We've received ${amount} for order ${props.orderNumber}.`}
      reason="You're getting this email because you paid for a Little Harvest order."
      store={props.store}
    >
      <Title>Payment received</Title>
      <Paragraph>Hi {props.name}, thank you — your payment has been received.</Paragraph>
      <Details
        rows={[
          ["Order number", props.orderNumber],
          ["Amount", amount],
          ["Method", props.methodLabel],
          ["Paid at", formatInstantLong(props.paidAt)],
        ]}
      />
      <CtaButton href={props.orderUrl}>View your order</CtaButton>
    </EmailLayout>
  );
}

export const paymentConfirmation = defineEmail({
  schema,
  subject: (props) => `Payment received for order ${props.orderNumber}`,
  Component: PaymentConfirmation,
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    amountCents: 78400,
    methodLabel: "Card",
    paidAt: "2025-03-12T08:15:00Z",
    orderUrl: "https://littleharvest.co.za/orders/LH-000123",
  },
});
