import { z } from "zod";
import { CtaButton, Paragraph } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail } from "./template";

export const verifyEmail = defineEmail({
  schema: z.object({
    name: text,
    verifyUrl: httpUrl,
    /** How long the link stays valid, e.g. "24 hours". */
    expiresIn: text,
  }),
  subject: "Confirm your email address",
  preview: "Confirm your email address to finish setting up your account.",
  reason: "You're getting this email because this address was used to sign up at Little Harvest.",
  title: ({ name }) => <>Confirm your email, {name}</>,
  Body: ({ verifyUrl, expiresIn }) => (
    <>
      <Paragraph>Tap the button below so we know this address is yours.</Paragraph>
      <CtaButton href={verifyUrl}>Confirm my email</CtaButton>
      <Paragraph>The link expires in {expiresIn}. If you didn't sign up for Little Harvest, you can ignore this email.</Paragraph>
    </>
  ),
  fixture: {
    name: "Thandi",
    verifyUrl: "https://littleharvest.co.za/verify-email?token=preview-token",
    expiresIn: "24 hours",
  },
});
