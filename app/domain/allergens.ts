// Allergen / ingredient codes used by products (`contains`, `may_contain`) and by children's allergies.
// Pure and shared with the browser: no server imports here.

export const ALLERGENS = [
  // the common food allergens
  { code: "milk", label: "Milk", major: true },
  { code: "eggs", label: "Eggs", major: true },
  { code: "fish", label: "Fish", major: true },
  { code: "shellfish", label: "Shellfish", major: true },
  { code: "peanuts", label: "Peanuts", major: true },
  { code: "tree-nuts", label: "Tree nuts", major: true },
  { code: "soy", label: "Soy", major: true },
  { code: "gluten", label: "Gluten (wheat, barley, oats)", major: true },
  { code: "sesame", label: "Sesame", major: true },
  // meats and legumes the catalogue names, so parents can avoid them too
  { code: "chicken", label: "Chicken", major: false },
  { code: "beef", label: "Beef", major: false },
  { code: "lamb", label: "Lamb", major: false },
  { code: "turkey", label: "Turkey", major: false },
  { code: "lentils", label: "Lentils", major: false },
] as const;

export type AllergenCode = (typeof ALLERGENS)[number]["code"];

export const ALLERGEN_CODES: readonly AllergenCode[] = ALLERGENS.map((a) => a.code);

const LABELS: ReadonlyMap<string, string> = new Map(ALLERGENS.map((a) => [a.code, a.label]));

export function isAllergenCode(value: unknown): value is AllergenCode {
  return typeof value === "string" && LABELS.has(value);
}

/** "tree-nuts" → "Tree nuts"; an unknown code comes back as itself so old data still renders. */
export function allergenLabel(code: string): string {
  return LABELS.get(code) ?? code;
}

/** The codes offered as "free from" filters in the shop, in display order. */
export const FREE_FROM_FILTERS: readonly AllergenCode[] = [
  "milk",
  "gluten",
  "eggs",
  "fish",
  "shellfish",
  "peanuts",
  "tree-nuts",
  "soy",
  "sesame",
];
