import { z } from "zod";
import { formatRand } from "~/domain/money";
import { formatIsoDate } from "~/domain/jhb-dates";
import { CtaButton, Paragraph } from "./layout";
import { AddressLines, Details, Divider, ItemList, SummaryRow, PLACED_AN_ORDER } from "./order-parts";
import { calendarDate, cents, httpUrl, orderItem, text, orderEmailFields } from "./schema";
import { defineEmail } from "./template";

export const orderConfirmation = defineEmail({
  schema: z.object({
    ...orderEmailFields,
    items: z.array(orderItem).min(1),
    subtotalCents: cents,
    deliveryFeeCents: cents,
    totalCents: cents,
    deliveryDate: calendarDate,
    deliveryAddressLines: z.array(text).min(1),
    /** e.g. "Cash on delivery". */
    paymentMethodLabel: text,
    orderUrl: httpUrl,
  }),
  subject: (props) => `Order ${props.orderNumber} confirmed`,
  preview: (props) => `Order ${props.orderNumber} is confirmed for delivery on ${formatIsoDate(props.deliveryDate)}.`,
  reason: PLACED_AN_ORDER,
  title: (props) => <>Thank you, {props.name}!</>,
  Body: (props) => (
    <>
      <Paragraph>We've received your order and will cook it fresh for delivery.</Paragraph>
      <Details
        rows={[
          ["Order number", props.orderNumber],
          ["Delivery date", formatIsoDate(props.deliveryDate)],
          ["Deliver to", <AddressLines lines={props.deliveryAddressLines} />],
          ["Payment", props.paymentMethodLabel],
        ]}
      />
      <ItemList items={props.items} />
      <Divider />
      <SummaryRow label="Subtotal" value={formatRand(props.subtotalCents)} />
      <SummaryRow label="Delivery" value={props.deliveryFeeCents === 0 ? "Free" : formatRand(props.deliveryFeeCents)} />
      <SummaryRow label="Total" value={formatRand(props.totalCents)} strong />
      <Divider />
      <CtaButton href={props.orderUrl}>View your order</CtaButton>
    </>
  ),
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    items: [
      { name: "Butternut & apple puree", portionLabel: "130 g", quantity: 4, unitPriceCents: 4500, lineTotalCents: 18000 },
      {
        name: "Chicken, sweet potato & pea mash",
        portionLabel: "160 g",
        quantity: 2,
        unitPriceCents: 5950,
        lineTotalCents: 11900,
      },
      { name: "Stage 2 weekly pack", portionLabel: null, quantity: 1, unitPriceCents: 42000, lineTotalCents: 42000 },
    ],
    subtotalCents: 71900,
    deliveryFeeCents: 6500,
    totalCents: 78400,
    deliveryDate: "2025-03-14",
    deliveryAddressLines: ["12 Jacaranda Street", "Parkhurst", "Johannesburg 2193"],
    paymentMethodLabel: "Cash on delivery",
    orderUrl: "https://littleharvest.co.za/orders/LH-000123",
  },
});
