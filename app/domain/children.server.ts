// Child profiles: each belongs to one account and is only ever read or changed through its owner's id.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { children } from "~/infra/db/schema";
import { ALLERGEN_CODES } from "./allergens";
import { DIETARY_CODES, type FitChild } from "./child-fit";
import { isIsoDate, johannesburgDate } from "./jhb-dates";
import { invalidField, notFound } from "./domain-error";

export type ChildProfile = FitChild & { notes: string | null };

const MAX_CHILDREN = 10;

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
    allergies: z
      .array(z.string())
      .refine((a) => a.every((c) => (ALLERGEN_CODES as readonly string[]).includes(c)), "Please choose allergens from the list."),
    dietaryNeeds: z.array(z.string()).refine((a) => a.every((c) => DIETARY_CODES.includes(c)), "Please choose from the list."),
    notes: z.string().trim().max(500, "Please keep notes under 500 characters.").optional().default(""),
  });
}
export type ChildInput = z.infer<ReturnType<typeof childSchema>>;

export function todayIn(clock: Clock) {
  return johannesburgDate(clock.now());
}

/** What a child profile is read as, everywhere (never the owner's id or timestamps). */
const profileColumns = {
  id: children.id,
  name: children.name,
  dateOfBirth: children.dateOfBirth,
  allergies: children.allergies,
  dietaryNeeds: children.dietaryNeeds,
  notes: children.notes,
};

export async function listChildren(db: Db, userId: number): Promise<ChildProfile[]> {
  const rows = await db
    .select(profileColumns)
    .from(children)
    .where(eq(children.userId, userId))
    .orderBy(asc(children.dateOfBirth), asc(children.id));
  return rows;
}

export async function getChild(db: Db, userId: number, childId: number): Promise<ChildProfile | null> {
  if (!Number.isSafeInteger(childId)) return null;
  const [row] = await db
    .select(profileColumns)
    .from(children)
    .where(and(eq(children.id, childId), eq(children.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function addChild(db: Db, clock: Clock, userId: number, input: ChildInput): Promise<number> {
  const existing = await listChildren(db, userId);
  if (existing.length >= MAX_CHILDREN) throw invalidField("form", `You can keep up to ${MAX_CHILDREN} child profiles.`);
  const [row] = await db
    .insert(children)
    .values({ userId, ...clean(input), createdAt: clock.now(), updatedAt: clock.now() })
    .returning({ id: children.id });
  return row.id;
}

/** Returns false when the child is not this user's (the route answers 404). */
/** Another parent's child (or none) is "not found": nobody learns which ids exist. */
const NOT_YOURS = "That child is not on your account.";

export async function updateChild(db: Db, clock: Clock, userId: number, childId: number, input: ChildInput): Promise<void> {
  const rows = await db
    .update(children)
    .set({ ...clean(input), updatedAt: clock.now() })
    .where(and(eq(children.id, childId), eq(children.userId, userId)))
    .returning({ id: children.id });
  if (rows.length === 0) throw notFound(NOT_YOURS);
}

export async function removeChild(db: Db, userId: number, childId: number): Promise<void> {
  const rows = await db
    .delete(children)
    .where(and(eq(children.id, childId), eq(children.userId, userId)))
    .returning({ id: children.id });
  if (rows.length === 0) throw notFound(NOT_YOURS);
}

function clean(input: ChildInput) {
  return {
    name: input.name,
    dateOfBirth: input.dateOfBirth,
    allergies: [...new Set(input.allergies)],
    dietaryNeeds: [...new Set(input.dietaryNeeds)],
    notes: input.notes || null,
  };
}
