import { z } from "zod";
import { ALLERGEN_CODES, type AllergenCode } from "~/domain/allergens";
import { chosenId, idNumber, INT4_MAX } from "~/domain/form-fields";
import { parseRandToCents } from "~/domain/money-input";
import { SLUG, slugify } from "~/domain/slug";
import { checkbox, checkedList } from "~/web/forms/form-values.server";

// The back office's catalogue forms: a meal (/admin/products/new, /admin/products/:id), its variants' price, stock
// and new portions, and a pack (/admin/packs/new, /admin/packs/:id). Rand amounts arrive as text and leave as cents.

const allergenList = checkedList(z.string()).transform((codes, ctx) => {
  const unknown = codes.filter((c) => !(ALLERGEN_CODES as readonly string[]).includes(c));
  if (unknown.length) ctx.addIssue({ code: "custom", message: `Unknown allergen: ${unknown.join(", ")}` });
  return [...new Set(codes)] as AllergenCode[];
});

const slugField = z
  .string()
  .trim()
  .max(80, "Keep the slug under 80 characters")
  .refine((s) => s === "" || SLUG.test(s), "Use lower-case letters, digits and single hyphens only");

/** What a meal and a pack are both given: a name, a web address, a blurb and the age group they suit. */
const listingFields = (noun: "meal" | "pack") => ({
  name: z.string().trim().min(2, `Give the ${noun} a name`).max(120, "Keep the name under 120 characters"),
  slug: slugField,
  description: z.string().trim().max(2000, "Keep the description under 2 000 characters"),
  ageGroupId: chosenId("an age group"),
});

export const productInputSchema = z
  .object({
    ...listingFields("meal"),
    textureId: chosenId("a texture"),
    contains: allergenList,
    mayContain: allergenList,
    featured: checkbox(),
  })
  .transform((p) => ({ ...p, slug: p.slug || slugify(p.name) }))
  .superRefine((p, ctx) => {
    const both = p.contains.filter((c) => p.mayContain.includes(c));
    if (both.length)
      ctx.addIssue({ code: "custom", path: ["mayContain"], message: `Already listed under "contains": ${both.join(", ")}` });
    if (!p.slug) ctx.addIssue({ code: "custom", path: ["slug"], message: "Give the meal a slug" });
  });

/** A rand amount from a form ("45.50") as positive integer cents. */
const priceField = z
  .string()
  .trim()
  .min(1, "Enter a price")
  .transform((v, ctx) => {
    const cents = parseRandToCents(v);
    if (cents === null || cents <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter a price in rand, e.g. 45.00" });
      return z.NEVER;
    }
    return cents;
  });

export const variantPriceSchema = z.object({ variantId: chosenId("a variant"), price: priceField });

export const stockAdjustSchema = z.object({
  variantId: chosenId("a variant"),
  delta: z.coerce
    .number({ invalid_type_error: "Enter a whole number, e.g. 12 or -3" })
    .int("Enter a whole number, e.g. 12 or -3")
    .refine((n) => n !== 0, "Enter how many to add (12) or remove (-3)")
    .refine((n) => Math.abs(n) <= 100_000, "That is more than we could ever cook"),
  reason: z.string().trim().min(3, "Say why the stock changes (e.g. 'Cooked Tuesday batch')").max(200),
});

export const variantToggleSchema = z.object({ variantId: idNumber, active: z.enum(["true", "false"]) });

export const addVariantSchema = z.object({ portionSizeId: chosenId("a portion size"), price: priceField });

const QTY_MESSAGE = "Quantities are whole numbers from 1 to 50";

const packInputSchema = z
  .object({
    ...listingFields("pack"),
    price: priceField,
    items: z
      .array(
        z.object({
          variantId: z.number().int().positive().max(INT4_MAX),
          quantity: z.number().int().min(1, QTY_MESSAGE).max(50, QTY_MESSAGE),
        }),
      )
      .min(1, "Put at least one meal in the pack"),
  })
  .transform((p) => ({ ...p, slug: p.slug || slugify(p.name) }));

/** `qty-<variantId>` fields of the pack form → pack items (zero and blank quantities left out; a bad one is -1). */
function packItemsOf(form: Record<string, unknown>): Array<{ variantId: number; quantity: number }> {
  const items: Array<{ variantId: number; quantity: number }> = [];
  for (const [key, value] of Object.entries(form)) {
    const match = /^qty-(\d+)$/.exec(key);
    if (!match || typeof value !== "string" || value.trim() === "") continue;
    const quantity = Number(value);
    if (quantity === 0) continue;
    items.push({ variantId: Number(match[1]), quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : -1 });
  }
  return items;
}

/** The pack form as posted (one `qty-<variantId>` field per meal) → the shape packInputSchema checks. */
export const packFormSchema = z.preprocess((raw) => {
  const form = (raw ?? {}) as Record<string, unknown>;
  return { ...form, items: packItemsOf(form) };
}, packInputSchema);
