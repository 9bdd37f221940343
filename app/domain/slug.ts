// URL slugs for meals and packs. Pure, so the rule is unit-tested without the catalogue's database imports.

/** Lower-case letters and digits in runs joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Crème Brûlée & Pear" → "creme-brulee-and-pear"; at most 80 characters, never ending in a hyphen. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
