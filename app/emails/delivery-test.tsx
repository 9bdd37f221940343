import { z } from "zod";
import { Paragraph } from "./layout";
import { text } from "./schema";
import { defineEmail } from "./template";

// "Send a test email" on /admin/emails and `npm run email:test`: proves the whole path (outbox → Resend → inbox →
// delivery webhook) before parents depend on it.
export const deliveryTest = defineEmail({
  schema: z.object({ requestedBy: text, requestedAt: text }),
  subject: "Little Harvest test email",
  preview: "This is a test of the shop's email delivery.",
  reason: "You're getting this email because someone at Little Harvest asked for a delivery test to this address.",
  title: "Email delivery works",
  Body: ({ requestedBy, requestedAt }) => (
    <>
      <Paragraph>
        This test email was requested by {requestedBy} at {requestedAt}. If you can read it, the shop's emails reach this inbox.
      </Paragraph>
      <Paragraph>Its delivery state appears on the Emails page of the back office once Resend reports it.</Paragraph>
    </>
  ),
  fixture: { requestedBy: "admin@littleharvest.co.za", requestedAt: "7 Dec 2026, 09:30" },
});
