import { z } from "zod";
import { formatRand } from "~/domain/money";
import { formatInstantLong } from "~/domain/jhb-dates";
import { CtaButton, Paragraph } from "./layout";
import { Details } from "./order-parts";
import { cents, httpUrl, instant, text, orderEmailFields } from "./schema";
import { defineEmail } from "./template";

export const paymentConfirmation = defineEmail({
  schema: z.object({
    ...orderEmailFields,
    amountCents: cents,
    /** e.g. "Card", "Cash on delivery". */
    methodLabel: text,
    /** ISO instant with offset, e.g. "2025-03-12T08:15:00Z". */
    paidAt: instant,
    orderUrl: httpUrl,
  }),
  subject: (props) => `Payment received for order ${props.orderNumber}`,
  preview: (props) => `We've received ${formatRand(props.amountCents)} for order ${props.orderNumber}.`,
  reason: "You're getting this email because you paid for a Little Harvest order.",
  title: "Payment received",
  Body: (props) => (
    <>
      <Paragraph>Hi {props.name}, thank you — your payment has been received.</Paragraph>
      <Details
        rows={[
          ["Order number", props.orderNumber],
          ["Amount", formatRand(props.amountCents)],
          ["Method", props.methodLabel],
          ["Paid at", formatInstantLong(props.paidAt)],
        ]}
      />
      <CtaButton href={props.orderUrl}>View your order</CtaButton>
    </>
  ),
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    amountCents: 78400,
    methodLabel: "Card",
    paidAt: "2025-03-12T08:15:00Z",
    orderUrl: "https://littleharvest.co.za/orders/LH-000123",
  },
});
