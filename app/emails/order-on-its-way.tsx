import { z } from "zod";
import { formatIsoDate } from "~/domain/jhb-dates";
import { Paragraph } from "./layout";
import { AddressLines, Details, PLACED_AN_ORDER } from "./order-parts";
import { calendarDate, text, orderEmailFields } from "./schema";
import { defineEmail } from "./template";

export const orderOnItsWay = defineEmail({
  schema: z.object({
    ...orderEmailFields,
    deliveryDate: calendarDate,
    deliveryAddressLines: z.array(text).min(1),
    /** Who to call about this delivery. */
    contactPhone: text,
  }),
  subject: (props) => `Order ${props.orderNumber} is on its way`,
  preview: (props) => `Order ${props.orderNumber} is out for delivery.`,
  reason: PLACED_AN_ORDER,
  title: "Your order is on its way",
  Body: (props) => (
    <>
      <Paragraph>
        Hi {props.name}, your freshly cooked meals have left our kitchen. Please pop them in the fridge or freezer as soon as they
        arrive.
      </Paragraph>
      <Details
        rows={[
          ["Order number", props.orderNumber],
          ["Delivery date", formatIsoDate(props.deliveryDate)],
          ["Deliver to", <AddressLines lines={props.deliveryAddressLines} />],
          ["Questions?", `Call ${props.contactPhone}`],
        ]}
      />
    </>
  ),
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    deliveryDate: "2025-03-14",
    deliveryAddressLines: ["12 Jacaranda Street", "Parkhurst", "Johannesburg 2193"],
    contactPhone: "+27 82 555 0123",
  },
});
