// Does this meal suit this child? Pure and shared with the browser: age from date of birth against the meal's age
// group, and the child's allergens against what the meal contains or may contain.
import { allergyWarningText } from "./allergy-warnings";

export const DIETARY_NEEDS = [
  { code: "vegetarian", label: "Vegetarian (no meat or fish)" },
  { code: "no-red-meat", label: "No red meat" },
] as const;
export const DIETARY_CODES: readonly string[] = DIETARY_NEEDS.map((d) => d.code);

const MEAT_OR_FISH = new Set(["chicken", "beef", "lamb", "turkey", "fish", "shellfish"]);
const RED_MEAT = new Set(["beef", "lamb"]);

/**
 * Whole months between a date of birth and today (both YYYY-MM-DD); negative when born after today. A month is
 * complete on the same day of the month, or on the last day of a shorter month (born 31 August → 6 months on 28
 * February), so an age-group boundary is not a day late.
 */
export function ageInMonths(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  let months = (ty - by) * 12 + (tm - bm);
  const lastDayOfMonth = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (td < bd && td < lastDayOfMonth) months -= 1;
  return months;
}

/** "10 months", "1 year 3 months", "2 years". */
export function describeAge(months: number): string {
  if (months < 0) return "not born yet";
  if (months < 24) return `${months} ${months === 1 ? "month" : "months"}`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return `${years} years${rest ? ` ${rest} ${rest === 1 ? "month" : "months"}` : ""}`;
}

export type FitChild = { id: number; name: string; dateOfBirth: string; allergies: string[]; dietaryNeeds: string[] };
export type FitMeal = {
  ageGroup: { label: string; minMonths: number; maxMonths: number };
  contains: string[];
  mayContain: string[];
};

export type ChildFit = {
  childId: number;
  name: string;
  ageMonths: number;
  /** "fits": inside the age group; "too-young": not ready for this texture yet; "older": meant for younger babies. */
  age: "fits" | "too-young" | "older";
  contains: string[];
  mayContain: string[];
  diet: string[];
  /** Right age and nothing to warn about. */
  suitable: boolean;
  /** One sentence for the page, e.g. "Suits Lerato (10 months)" or "Contains milk — Lerato is allergic to milk". */
  summary: string;
};

export function childFit(child: FitChild, meal: FitMeal, today: string): ChildFit {
  const ageMonths = ageInMonths(child.dateOfBirth, today);
  const age = ageMonths < meal.ageGroup.minMonths ? "too-young" : ageMonths > meal.ageGroup.maxMonths ? "older" : "fits";
  const allergies = new Set(child.allergies);
  const contains = meal.contains.filter((c) => allergies.has(c));
  const mayContain = meal.mayContain.filter((c) => allergies.has(c) && !contains.includes(c));
  const diet: string[] = [];
  if (child.dietaryNeeds.includes("vegetarian") && meal.contains.some((c) => MEAT_OR_FISH.has(c))) diet.push("not vegetarian");
  if (child.dietaryNeeds.includes("no-red-meat") && meal.contains.some((c) => RED_MEAT.has(c))) diet.push("contains red meat");
  const suitable = age === "fits" && contains.length === 0 && mayContain.length === 0 && diet.length === 0;

  const who = `${child.name} (${describeAge(ageMonths)})`;
  const parts: string[] = [];
  if (contains.length || mayContain.length) parts.push(allergyWarningText({ name: child.name, contains, mayContain }));
  if (age === "too-young") parts.push(`Meant for ${meal.ageGroup.label}; ${who} may not be ready yet`);
  if (age === "older") parts.push(`Made for younger babies (${meal.ageGroup.label}); ${who}`);
  if (diet.length) parts.push(`${diet.join(", ")} for ${child.name}`.replace(/^./, (c) => c.toUpperCase()));
  const summary = suitable ? `Suits ${who}` : parts.join(". ");
  return { childId: child.id, name: child.name, ageMonths, age, contains, mayContain, diet, suitable, summary };
}
