import { z } from "zod";
import { emailField, nameField } from "~/web/forms/account-fields.server";

// The sign-up form; the password's rules are the domain's (signUp refuses a weak one beside its field).
export const signupSchema = z.object({
  name: nameField,
  email: emailField,
  password: z.string({ required_error: "Choose a password." }).max(1024),
  redirectTo: z.string().optional(),
});
