import { data } from "@remix-run/node";

// The one way an action reads its form (docs/architecture.md §10). Content type and size were checked before the route ran
// (http/request-guard.server.ts); here the body is parsed once and refused whole when it holds characters no form
// field of ours accepts. Field schemas (domain/form-fields.ts) then trim and bound each value.

/** C0 controls except TAB, LF and CR (which textareas legitimately send), and DEL. Postgres rejects NUL outright. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function unreadable(message: string): never {
  throw data(message, { status: 400 });
}

export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    unreadable("We couldn't read that form. Please send it again from our page.");
  }
  for (const [name, value] of form.entries()) {
    if (CONTROL_CHARS.test(name) || (typeof value === "string" && CONTROL_CHARS.test(value))) {
      unreadable("That form contains characters we can't accept. Please check what you typed.");
    }
  }
  return form;
}

/**
 * A GET form's query string as one object for its zod schema: each name's first non-empty value (an empty select or
 * search box is "not given"), and every value of the names in `lists` (repeated checkboxes).
 */
export function readQuery(request: Request, lists: readonly string[] = []): Record<string, string | string[]> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    if (lists.includes(name)) out[name] = params.getAll(name);
    else {
      const value = params.getAll(name).find((v) => v !== "");
      if (value !== undefined) out[name] = value;
    }
  }
  for (const name of lists) out[name] ??= [];
  return out;
}
