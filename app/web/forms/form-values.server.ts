import { z } from "zod";

// What HTML posts, for schemas that read it as-is (conform's own coercion is off: submission.server.ts). A group of
// checkboxes sends its name once per ticked box — none, one (a plain string to conform) or several.

/** A checkbox group as a list: nothing ticked is []. */
export const checkedList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** One checkbox as a boolean: ticked sends "on", unticked sends nothing. */
export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((v) => v === "on");

/** A form that posts nothing but its button (remove, cancel): the submission still carries its `intent`. */
export const noFields = z.object({});
