import { z } from "zod";

// "Choose a new password": the link's token and the new password; the domain checks both (resetPassword).
export const resetPasswordSchema = z.object({
  token: z.string().default(""),
  password: z.string().default(""),
});
