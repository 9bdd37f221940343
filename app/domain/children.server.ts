// Child profiles: each belongs to one account and is only ever read or changed through its owner's id.
import { and, asc, eq } from "drizzle-orm";
import type { Clock } from "~/infra/clock.server";
import type { Db } from "~/infra/db/client.server";
import { children } from "~/infra/db/schema";
import type { FitChild } from "./child-fit";
import { johannesburgDate } from "./jhb-dates";
import { invalidField, notFound } from "./domain-error";

export type ChildProfile = FitChild & { notes: string | null };

const MAX_CHILDREN = 10;

/** A child profile as the form's schema (web/forms/child.server.ts) hands it over. */
export type ChildInput = { name: string; dateOfBirth: string; allergies: string[]; dietaryNeeds: string[]; notes: string };

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
