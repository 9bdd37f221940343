import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { idNumber } from "~/domain/form-fields";
import type { AppLoadContext } from "~/infra/app-context";
import { readForm, readQuery } from "~/infra/form.server";
import type { SessionUser } from "~/infra/session.server";
import { redirect303 } from "./admin-forms.server";
import { parseSubmission, refuse, runSubmission } from "./forms/submission.server";
import { requireAdmin } from "./guards.server";
import { foundOr404 } from "./not-found.server";

// What the back office's pages have in common: the loader of a list page (orders, customers, products, audit), the
// activate / deactivate action of a catalog list, and the guard of a page about one record (`/admin/<things>/:id`).

/**
 * The loader of a back-office list page: admins only; the query string parsed by `filters` (whose fields fall back
 * to "no filter" rather than failing) and handed to the domain's `list`. The page gets the list and the filters it
 * was asked for, to fill its filter form.
 */
export async function loadAdminList<S extends z.ZodTypeAny, R extends object>(
  { request, context }: LoaderFunctionArgs,
  filters: S,
  list: (db: AppLoadContext["db"], filters: z.output<S>) => Promise<R>,
) {
  await requireAdmin(request, context);
  const asked: z.output<S> = filters.parse(readQuery(request));
  return { ...(await list(context.db, asked)), filters: asked };
}

const toggleSchema = z.object({ intent: z.enum(["activate", "deactivate"]), id: idNumber });

/**
 * The action behind a catalog list's activate / deactivate buttons (`ActiveToggleCells`): the row's id comes in
 * `idField`; after the change the list is shown again with the filters it had.
 */
export async function toggleActiveAction(
  { request, context }: ActionFunctionArgs,
  row: { idField: string; noun: string },
  setActive: (ctx: AppLoadContext, admin: SessionUser, id: number, active: boolean) => Promise<void>,
) {
  const admin = await requireAdmin(request, context);
  const form = await readForm(request);
  // The row's id arrives under its own name (`productId`, `packId`).
  const schema = z.preprocess((raw) => {
    const posted = (raw ?? {}) as Record<string, unknown>;
    return { intent: posted.intent, id: posted[row.idField] };
  }, toggleSchema);
  const submission = parseSubmission(form, schema);
  if (submission.status !== "success") return refuse(submission, { errors: { form: `Choose a ${row.noun} and an action` } });
  return runSubmission(submission, async ({ id, intent }) => {
    await setActive(context, admin, id, intent === "activate");
    const list = new URL(request.url);
    return redirect303(list.pathname, list.searchParams);
  });
}

/**
 * The loader of a page about one record: admins only, then the record `load` finds for the `:id` param; a malformed
 * or unknown id is a 404 saying `missing` ("Order not found").
 */
export async function loadAdminRecord<T>(
  { request, params, context }: LoaderFunctionArgs,
  missing: string,
  load: (db: AppLoadContext["db"], id: number) => Promise<T | null>,
): Promise<T> {
  await requireAdmin(request, context);
  const id = idNumber.safeParse(params.id);
  return foundOr404(id.success ? await load(context.db, id.data) : null, missing);
}

/** Who acts, on which record, in an action of a page about one record; a malformed id is the same 404. */
export async function adminRecordAction({ request, params, context }: ActionFunctionArgs, missing: string) {
  const admin = await requireAdmin(request, context);
  const id = idNumber.safeParse(params.id);
  if (!id.success) throw new Response(missing, { status: 404 });
  return { admin, id: id.data };
}
