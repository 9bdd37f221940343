import { z } from "zod";
import { formatRand } from "~/domain/money";
import { EmailLayout, Paragraph, Title } from "./layout";
import { Details, ItemList } from "./order-parts";
import { cents, orderItem, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({
  name: text,
  orderNumber: text,
  reason: text,
  items: z.array(orderItem).min(1),
  /** What the customer had paid, to be refunded; null when nothing was paid (e.g. cash on delivery). */
  refundCents: cents.positive().nullable(),
});
type Props = z.infer<typeof schema>;

function OrderCancellation(props: Props & { store: StoreInfo }) {
  return (
    <EmailLayout
      preview={`Order ${props.orderNumber} has been cancelled.`}
      reason="You're getting this email because you placed an order with Little Harvest."
      store={props.store}
    >
      <Title>Your order has been cancelled</Title>
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
    </EmailLayout>
  );
}

export const orderCancellation = defineEmail({
  schema,
  subject: (props) => `Order ${props.orderNumber} cancelled`,
  Component: OrderCancellation,
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    reason: "We can't deliver to your area on the chosen day.",
    items: [{ name: "Butternut & apple puree", portionLabel: "130 g", quantity: 4, unitPriceCents: 4500, lineTotalCents: 18000 }],
    refundCents: 24500,
  },
});
