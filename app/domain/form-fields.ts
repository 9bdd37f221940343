// Field schemas shared by every form and query string: ids fit the int4 columns they are compared with, so a
// hostile `id=99999999999` or `id=abc` is a 400/404, never a database error.
import { z } from "zod";

export const INT4_MAX = 2_147_483_647;

/** A positive row id from a form field, route param or query string ("12"); anything else fails validation. */
export const idNumber = z.coerce.number().int().min(1).max(INT4_MAX);
