import { z } from "zod";
import { CtaButton, Paragraph } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail } from "./template";

export const welcome = defineEmail({
  schema: z.object({ name: text, shopUrl: httpUrl }),
  subject: "Welcome to Little Harvest",
  preview: "Fresh meals for little ones, cooked in Joburg and delivered to your door.",
  reason: "You're getting this email because you created a Little Harvest account.",
  title: ({ name }) => <>Welcome, {name}!</>,
  Body: ({ shopUrl }) => (
    <>
      <Paragraph>
        Thanks for joining Little Harvest. We cook fresh purees, lumpy and toddler meals every week — in 130 g, 160 g and 220 g
        portions — and our stage packs make it easy to plan the week ahead.
      </Paragraph>
      <CtaButton href={shopUrl}>Browse the menu</CtaButton>
      <Paragraph>Questions about textures, allergens or portions? Just reply to this email.</Paragraph>
    </>
  ),
  fixture: { name: "Thandi", shopUrl: "https://littleharvest.co.za/shop" },
});
