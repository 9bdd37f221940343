// What the cart forms post, checked with zod before anything touches the database. Pure; a .server module only so
// zod stays out of the cart page's JavaScript (~14 KB gzip; Lighthouse budget in docs/performance.md).
import { z } from "zod";

const QUANTITY_MESSAGE = "Choose a quantity from 1 to 50.";

/** "1".."50" only: "0", "-1", "10000", "1.5" and "abc" are all the same friendly 400. */
const quantityField = z
  .string({ required_error: QUANTITY_MESSAGE, invalid_type_error: QUANTITY_MESSAGE })
  .trim()
  .regex(/^\d{1,6}$/, QUANTITY_MESSAGE)
  .transform(Number)
  .pipe(z.number().int().min(1, QUANTITY_MESSAGE).max(50, QUANTITY_MESSAGE));

const idField = (message: string) =>
  z
    .string({ required_error: message, invalid_type_error: message })
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().positive(message));

export const addMealSchema = z.object({
  variantId: idField("Please choose a portion size."),
  quantity: quantityField,
});

export const addPackSchema = z.object({
  packId: idField("That pack is not available."),
  quantity: quantityField,
});

export const cartLineSchema = z.object({ lineId: idField("That item is no longer in your cart.") });
export const updateLineSchema = cartLineSchema.extend({ quantity: quantityField });
