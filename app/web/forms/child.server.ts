import { z } from "zod";
import { ALLERGEN_CODES } from "~/domain/allergens";
import { DIETARY_CODES } from "~/domain/child-fit";
import { isIsoDate } from "~/domain/jhb-dates";
import { checkedList } from "~/web/forms/form-values.server";

// The add/edit child form (/account/children/new, /account/children/:id).

/** What the add/edit form posts (checkbox groups arrive as arrays). Dates of birth: not in the future, under 6 years. */
export function childSchema(today: string) {
  const sixYearsAgo = `${Number(today.slice(0, 4)) - 6}${today.slice(4)}`;
  return z.object({
    name: z.string().trim().min(1, "Please enter your child's name.").max(60, "Please keep the name under 60 characters."),
    dateOfBirth: z
      .string()
      .trim()
      .refine(isIsoDate, "Please enter a date of birth, e.g. 2025-03-14.")
      .refine((d) => d <= today, "The date of birth can't be in the future.")
      .refine((d) => d >= sixYearsAgo, "Our meals are for children up to 4 years; please check the year."),
    allergies: checkedList(z.string()).refine(
      (a) => a.every((c) => (ALLERGEN_CODES as readonly string[]).includes(c)),
      "Please choose allergens from the list.",
    ),
    dietaryNeeds: checkedList(z.string()).refine(
      (a) => a.every((c) => DIETARY_CODES.includes(c)),
      "Please choose from the list.",
    ),
    notes: z.string().trim().max(500, "Please keep notes under 500 characters.").optional().default(""),
  });
}
