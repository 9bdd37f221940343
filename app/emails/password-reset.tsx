import { z } from "zod";
import { CtaButton, EmailLayout, Paragraph, Title } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({ name: text, resetUrl: httpUrl });
type Props = z.infer<typeof schema>;

function PasswordReset({ name, resetUrl, store }: Props & { store: StoreInfo }) {
  return (
    <EmailLayout
      preview="Use this link within 30 minutes to choose a new password."
      reason="You're getting this email because a password reset was requested for your Little Harvest account."
      store={store}
    >
      <Title>Reset your password</Title>
      <Paragraph>Hi {name}, we received a request to reset your password.</Paragraph>
      <CtaButton href={resetUrl}>Choose a new password</CtaButton>
      <Paragraph>This link expires in 30 minutes and can only be used once.</Paragraph>
      <Paragraph>If you didn't ask for this, you can safely ignore this email — your password won't change.</Paragraph>
    </EmailLayout>
  );
}

export const passwordReset = defineEmail({
  schema,
  subject: () => "Reset your Little Harvest password",
  Component: PasswordReset,
  fixture: { name: "Thandi", resetUrl: "https://littleharvest.co.za/reset-password?token=preview-token" },
});
