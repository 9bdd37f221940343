import { z } from "zod";
import { formatIsoDate } from "~/domain/jhb-dates";
import { EmailLayout, Paragraph, Title } from "./layout";
import { AddressLines, Details } from "./order-parts";
import { calendarDate, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({
  name: text,
  orderNumber: text,
  deliveryDate: calendarDate,
  deliveryAddressLines: z.array(text).min(1),
  /** Who to call about this delivery. */
  contactPhone: text,
});
type Props = z.infer<typeof schema>;

function OrderOnItsWay(props: Props & { store: StoreInfo }) {
  return (
    <EmailLayout
      preview={`Order ${props.orderNumber} is out for delivery.`}
      reason="You're getting this email because you placed an order with Little Harvest."
      store={props.store}
    >
      <Title>Your order is on its way</Title>
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
    </EmailLayout>
  );
}

export const orderOnItsWay = defineEmail({
  schema,
  subject: (props) => `Order ${props.orderNumber} is on its way`,
  Component: OrderOnItsWay,
  fixture: {
    name: "Thandi",
    orderNumber: "LH-000123",
    deliveryDate: "2025-03-14",
    deliveryAddressLines: ["12 Jacaranda Street", "Parkhurst", "Johannesburg 2193"],
    contactPhone: "+27 82 555 0123",
  },
});
