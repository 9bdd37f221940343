// Field schemas shared by every form and query string: ids fit the int4 columns they are compared with, so a
// hostile `id=99999999999` or `id=abc` is a 400/404, never a database error.
import { z } from "zod";

export const INT4_MAX = 2_147_483_647;

/** A positive row id from a form field, route param or query string ("12"); anything else fails validation. */
export const idNumber = z.coerce.number().int().min(1).max(INT4_MAX);

/** A row id chosen on a form (a select, a hidden field): the same rule as idNumber, refused as "Choose <what>". */
export const chosenId = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `Choose ${what}` })
    .int(`Choose ${what}`)
    .positive(`Choose ${what}`)
    .max(INT4_MAX, `Choose ${what}`);

/** A list's page number in a query string; a missing or hostile one is page 1. */
export const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);

/** A list filter in a query string: a value that does not fit `schema` means no filter, never an error page. */
export const optionalFilter = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

/** Free text to search a list by, trimmed and at most `max` characters. */
export const searchText = (max: number) => optionalFilter(z.string().trim().max(max));
