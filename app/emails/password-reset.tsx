import { z } from "zod";
import { CtaButton, Paragraph } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail } from "./template";

export const passwordReset = defineEmail({
  schema: z.object({ name: text, resetUrl: httpUrl }),
  subject: "Reset your Little Harvest password",
  preview: "Use this link within 30 minutes to choose a new password.",
  reason: "You're getting this email because a password reset was requested for your Little Harvest account.",
  title: "Reset your password",
  Body: ({ name, resetUrl }) => (
    <>
      <Paragraph>Hi {name}, we received a request to reset your password.</Paragraph>
      <CtaButton href={resetUrl}>Choose a new password</CtaButton>
      <Paragraph>This link expires in 30 minutes and can only be used once.</Paragraph>
      <Paragraph>If you didn't ask for this, you can safely ignore this email — your password won't change.</Paragraph>
    </>
  ),
  fixture: { name: "Thandi", resetUrl: "https://littleharvest.co.za/reset-password?token=preview-token" },
});
