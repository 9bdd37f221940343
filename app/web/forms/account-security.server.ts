import { z } from "zod";
import { currentPasswordField } from "~/web/forms/account-fields.server";

// /account/security: change (or set) the password, and delete the account. The password's rules are the domain's.
export const passwordChangeSchema = z.object({
  currentPassword: currentPasswordField,
  newPassword: z.string({ required_error: "Choose a new password." }).max(1024, "Choose a new password."),
});

export const accountDeletionSchema = z.object({
  currentPassword: currentPasswordField,
  confirm: z.string().max(20, "Type DELETE to confirm.").default(""),
});
