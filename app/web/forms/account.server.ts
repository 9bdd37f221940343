import { z } from "zod";
import { currentPasswordField, emailField, nameField, phoneField } from "~/web/forms/account-fields.server";

// /account: the profile form and the change-of-email form (each names its `intent`).
export const profileSchema = z.object({ name: nameField, phone: phoneField });
export const emailChangeSchema = z.object({ newEmail: emailField, currentPassword: currentPasswordField });
