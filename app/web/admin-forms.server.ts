import { productInputSchema, type NewImage, type ProductInput } from "~/domain/admin-catalog.server";
import { fieldErrors, type FieldErrors } from "~/domain/form-errors";
import { checkImage } from "~/infra/storage.server";
import { readForm } from "~/infra/form.server";

// Turning the back office's HTML forms into validated domain input. Routes call these, then one domain function.

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export type ProductFormRead =
  | { ok: true; input: ProductInput; image?: NewImage; removeImage: boolean }
  | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** Reads the multipart product form (fields + optional photo); the route's `upload` body limit was applied first. */
export async function readProductForm(request: Request, form?: FormData): Promise<ProductFormRead> {
  const data = form ?? (await readForm(request));
  const values = {
    name: text(data, "name"),
    slug: text(data, "slug"),
    description: text(data, "description"),
    ageGroupId: text(data, "ageGroupId"),
    textureId: text(data, "textureId"),
    contains: data.getAll("contains").filter((v): v is string => typeof v === "string"),
    mayContain: data.getAll("mayContain").filter((v): v is string => typeof v === "string"),
    featured: data.get("featured") === "on",
  };
  const parsed = productInputSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  let image: NewImage | undefined;
  const file = data.get("image");
  if (file && typeof file !== "string" && file.size > 0) {
    const checked = await checkImage(file);
    if (checked.ok) image = { bytes: checked.bytes, ext: checked.ext };
    else errors.image = checked.message;
  }
  if (!parsed.success || errors.image) return { ok: false, errors, values };
  return { ok: true, input: parsed.data, image, removeImage: data.get("removeImage") === "on" };
}

/** `qty-<variantId>` fields of the pack form → pack items (zero and blank quantities left out). */
function readPackItems(form: FormData): Array<{ variantId: number; quantity: number }> {
  const items: Array<{ variantId: number; quantity: number }> = [];
  for (const [key, value] of form.entries()) {
    const match = /^qty-(\d+)$/.exec(key);
    if (!match || typeof value !== "string" || value.trim() === "") continue;
    const quantity = Number(value);
    if (quantity === 0) continue;
    items.push({ variantId: Number(match[1]), quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : -1 });
  }
  return items;
}

/** 303 See Other to a back-office path, keeping the page's GET filters (minus Remix's `index` marker). */
export function redirect303(pathname: string, keep?: URLSearchParams, headers: HeadersInit = {}): Response {
  const params = new URLSearchParams(keep);
  params.delete("index");
  params.delete("_data");
  const qs = params.toString();
  const h = new Headers(headers);
  h.set("location", qs ? `${pathname}?${qs}` : pathname);
  return new Response(null, { status: 303, headers: h });
}

/** The pack form as raw values (for re-display) and as input for packInputSchema. */
export function readPackForm(form: FormData) {
  const quantities: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    const match = /^qty-(\d+)$/.exec(key);
    if (match && typeof value === "string") quantities[match[1]] = value;
  }
  const values = {
    name: text(form, "name"),
    slug: text(form, "slug"),
    description: text(form, "description"),
    ageGroupId: text(form, "ageGroupId"),
    price: text(form, "price"),
    quantities,
  };
  return { values, input: { ...values, items: readPackItems(form) } };
}
