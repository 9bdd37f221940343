import { z } from "zod";
import { chosenId } from "~/domain/form-fields";

// /admin/emails: "send again" on a failed email's row.
export const resendSchema = z.object({
  intent: z.literal("resend", { errorMap: () => ({ message: "Unknown action" }) }),
  id: chosenId("an email"),
});
