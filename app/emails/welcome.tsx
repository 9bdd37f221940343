import { z } from "zod";
import { CtaButton, EmailLayout, Paragraph, Title } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({ name: text, shopUrl: httpUrl });
type Props = z.infer<typeof schema>;

function Welcome({ name, shopUrl, store }: Props & { store: StoreInfo }) {
  return (
    <EmailLayout
      preview="Fresh meals for little ones, cooked in Joburg and delivered to your door."
      reason="You're getting this email because you created a Little Harvest account."
      store={store}
    >
      <Title>Welcome, {name}!</Title>
      <Paragraph>
        Thanks for joining Little Harvest. We cook fresh purees, lumpy and toddler meals every week — in 130 g, 160 g and 220 g
        portions — and our stage packs make it easy to plan the week ahead.
      </Paragraph>
      <CtaButton href={shopUrl}>Browse the menu</CtaButton>
      <Paragraph>Questions about textures, allergens or portions? Just reply to this email.</Paragraph>
    </EmailLayout>
  );
}

export const welcome = defineEmail({
  schema,
  subject: () => "Welcome to Little Harvest",
  Component: Welcome,
  fixture: { name: "Thandi", shopUrl: "https://littleharvest.co.za/shop" },
});
