import { z } from "zod";
import { formatRand } from "~/domain/money";
import { Paragraph } from "./layout";
import { Details, ItemList, PLACED_AN_ORDER } from "./order-parts";
import { cents, orderItem, text, orderEmailFields } from "./schema";
import { defineEmail } from "./template";

export const orderCancellation = defineEmail({
  schema: z.object({
    ...orderEmailFields,
    reason: text,
    items: z.array(orderItem).min(1),
    /** What the customer had paid, to be refunded; null when nothing was paid (e.g. cash on delivery). */
    refundCents: cents.positive().nullable(),
  }),
  subject: (props) => `Order ${props.orderNumber} cancelled`,
  preview: (props) => `Order ${props.orderNumber} has been cancelled.`,
  reason: PLACED_AN_ORDER,
  title: "Your order has been cancelled",
  Body: (props) => (
    <>
      <Paragraph>Hi {props.name}, we've cancelled the order below.</Paragraph>
      <Details
        rows={[
          ["Order number", props.orderNumber],
          ["Reason", props.reason],
        ]}
      />
      <ItemList items={props.items} />
      {props.refundCents !== null && (
        <Paragraph>{`We're refunding the ${formatRand(props.refundCents)} you paid to your original payment method.`}</Paragraph>
      )}
      <Paragraph>If you have any questions, just reply to this email.</Paragraph>
    </>
  ),
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    reason: "We can't deliver to your area on the chosen day.",
    items: [{ name: "Butternut & apple puree", portionLabel: "130 g", quantity: 4, unitPriceCents: 4500, lineTotalCents: 18000 }],
    refundCents: 24500,
  },
});
