import { z } from "zod";
import { isIsoDate } from "~/domain/jhb-dates";

// Field schemas shared by the templates. Props arrive as JSON from the outbox, so every field is checked.

export const text = z.string().trim().min(1);

/** Only http(s) links reach a button or anchor — never `javascript:` or `data:`. */
export const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//i.test(url), "must be an http(s) URL");

export const cents = z.number().int().nonnegative();

export const calendarDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");

export const instant = z.string().datetime({ offset: true });

/** Every order email greets the customer by name and names the order. */
export const orderEmailFields = { name: text, orderNumber: text };

export const orderItem = z.object({
  name: text,
  /** e.g. "130 g"; null for a stage pack. */
  portionLabel: text.nullable(),
  quantity: z.number().int().positive(),
  unitPriceCents: cents,
  lineTotalCents: cents,
});

export type OrderItem = z.infer<typeof orderItem>;

/** An order's lines as an email lists them: only these fields reach the stored payload, whatever the rows carry. */
export const emailOrderItems = (lines: readonly OrderItem[]): OrderItem[] =>
  lines.map(({ name, portionLabel, quantity, unitPriceCents, lineTotalCents }) => ({
    name,
    portionLabel,
    quantity,
    unitPriceCents,
    lineTotalCents,
  }));
