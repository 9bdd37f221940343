import { z } from "zod";
import { CtaButton, Paragraph } from "./layout";
import { httpUrl, text } from "./schema";
import { defineEmail } from "./template";

// Sent instead of a second account when someone signs up with an address that already has one: the page they saw
// is the same as for a new account, so the sign-up form cannot tell anyone who shops here.
export const accountExists = defineEmail({
  schema: z.object({ name: text, loginUrl: httpUrl, forgotUrl: httpUrl }),
  subject: "You already have a Little Harvest account",
  preview: "You already have a Little Harvest account with this address.",
  reason: "You're getting this email because someone tried to create a Little Harvest account with your address.",
  title: "You already have an account",
  Body: ({ name, loginUrl, forgotUrl }) => (
    <>
      <Paragraph>
        Hi {name}, someone — probably you — just tried to sign up with this email address. You already have an account with us, so
        we didn't create another.
      </Paragraph>
      <CtaButton href={loginUrl}>Log in</CtaButton>
      <Paragraph>
        Forgot your password? <a href={forgotUrl}>Choose a new one</a>. If this wasn't you, you can ignore this email — nothing
        about your account has changed.
      </Paragraph>
    </>
  ),
  fixture: {
    name: "Thandi",
    loginUrl: "https://littleharvest.co.za/login",
    forgotUrl: "https://littleharvest.co.za/forgot-password",
  },
});
