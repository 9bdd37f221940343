// "Contains milk — Lerato is allergic to milk": which of a shopper's children a meal or pack is unsafe for, in words,
// and the sentence the shopper must tick before it goes in the cart. Pure and shared by the page and the cart rule.
import { allergenLabel } from "./allergens";

export type AllergyWarning = { name: string; contains: string[]; mayContain: string[] };

const words = (codes: string[]) => codes.map(allergenLabel).join(", ").toLowerCase();

/** The children (by name) allergic to something the item contains or may contain; none when it suits them all. */
export function allergyWarnings(
  children: { name: string; allergies: string[] }[],
  item: { contains: string[]; mayContain: string[] },
): AllergyWarning[] {
  return children
    .map((child) => {
      const allergies = new Set(child.allergies);
      const contains = item.contains.filter((c) => allergies.has(c));
      const mayContain = item.mayContain.filter((c) => allergies.has(c) && !contains.includes(c));
      return { name: child.name, contains, mayContain };
    })
    .filter((w) => w.contains.length > 0 || w.mayContain.length > 0);
}

/** One line per child: "Contains eggs — Lerato is allergic to eggs. May contain milk — Lerato is allergic to milk". */
export function allergyWarningText(w: AllergyWarning): string {
  const parts: string[] = [];
  if (w.contains.length) parts.push(`Contains ${words(w.contains)} — ${w.name} is allergic to ${words(w.contains)}`);
  if (w.mayContain.length) parts.push(`May contain ${words(w.mayContain)} — ${w.name} is allergic to ${words(w.mayContain)}`);
  return parts.join(". ");
}

/** The checkbox the shopper ticks to add it anyway: "I understand this contains eggs and may contain milk". */
export function allergyConfirmLabel(warnings: AllergyWarning[]): string {
  const contains = [...new Set(warnings.flatMap((w) => w.contains))];
  const mayContain = [...new Set(warnings.flatMap((w) => w.mayContain))].filter((c) => !contains.includes(c));
  const parts: string[] = [];
  if (contains.length) parts.push(`contains ${words(contains)}`);
  if (mayContain.length) parts.push(`may contain ${words(mayContain)}`);
  return `I understand this ${parts.join(" and ")}`;
}

/** Why an add without the tick was refused, said on the form beside the checkbox. */
export function allergyRefusal(warnings: AllergyWarning[]): string {
  return `${warnings.map(allergyWarningText).join(". ")}. Tick “${allergyConfirmLabel(warnings)}” to add it to your cart.`;
}
