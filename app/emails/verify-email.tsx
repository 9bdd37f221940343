import { z } from "zod";
import { CtaButton, EmailLayout, Paragraph, Title } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail, type StoreInfo } from "./template";

const schema = z.object({
  name: text,
  verifyUrl: httpUrl,
  /** How long the link stays valid, e.g. "24 hours". */
  expiresIn: text,
});
type Props = z.infer<typeof schema>;

function VerifyEmail({ name, verifyUrl, expiresIn, store }: Props & { store: StoreInfo }) {
  return (
    <EmailLayout
      preview="Confirm your email address to finish setting up your account."
      reason="You're getting this email because this address was used to sign up at Little Harvest."
      store={store}
    >
      <Title>Confirm your email, {name}</Title>
      <Paragraph>Tap the button below so we know this address is yours.</Paragraph>
      <CtaButton href={verifyUrl}>Confirm my email</CtaButton>
      <Paragraph>The link expires in {expiresIn}. If you didn't sign up for Little Harvest, you can ignore this email.</Paragraph>
    </EmailLayout>
  );
}

export const verifyEmail = defineEmail({
  schema,
  subject: () => "Confirm your email address",
  Component: VerifyEmail,
  fixture: {
    name: "Thandi",
    verifyUrl: "https://littleharvest.co.za/verify-email?token=preview-token",
    expiresIn: "24 hours",
  },
});
