import { z } from "zod";

// The log-in form. The password strategy (web/auth.server.ts) checks the credentials themselves and words every
// refusal the same way; this schema only types what the action reads around it.
export const loginSchema = z.object({
  email: z.string().default(""),
  password: z.string().default(""),
  remember: z.literal("on").optional(),
  redirectTo: z.string().optional(),
});
