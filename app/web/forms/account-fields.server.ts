import { z } from "zod";
import { normalizeEmail } from "~/domain/accounts.server";

// The account forms' field rules (sign-up, profile, email change, password change, addresses, checkout's address):
// the words a parent reads beside a field. The domain receives what they produce (AddressInput, a trimmed name, …).

export const emailField = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .email("Enter an email address like name@example.com.")
  .transform(normalizeEmail);

/** The password a signed-in customer confirms a change with; blank when the account has none (Google only). */
export const currentPasswordField = z.string().max(1024).default("");

export const nameField = z.string().trim().min(1, "Tell us your name.").max(100, "Use at most 100 characters.");

export const phoneField = z
  .string()
  .trim()
  .max(30, "That phone number is too long.")
  .refine((v) => v === "" || /^\+?[0-9 ()-]{9,20}$/.test(v), "Enter a phone number like 082 555 0123.")
  .transform((v) => (v === "" ? null : v));

export const addressSchema = z.object({
  label: z
    .string()
    .trim()
    .max(40, "Use at most 40 characters.")
    .default("")
    .transform((v) => v || "Home"),
  recipientName: nameField,
  phone: z
    .string()
    .trim()
    .min(1, "Enter a phone number for the driver.")
    .pipe(phoneField)
    .transform((v) => v as string),
  line1: z.string().trim().min(1, "Enter the street address.").max(120),
  line2: z
    .string()
    .trim()
    .max(120)
    .default("")
    .transform((v) => v || null),
  suburb: z.string().trim().min(1, "Enter the suburb.").max(80),
  city: z
    .string()
    .trim()
    .max(80)
    .default("")
    .transform((v) => v || "Johannesburg"),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "Enter the 4-digit postal code."),
  instructions: z
    .string()
    .trim()
    .max(300)
    .default("")
    .transform((v) => v || null),
});
