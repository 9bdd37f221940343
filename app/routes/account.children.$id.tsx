import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ChildForm } from "~/components/child-form";
import { FormError, SubmitButton, formErrorOf, replyFor } from "~/components/form";
import { getChild, removeChild, todayIn, updateChild } from "~/domain/children.server";
import { childSchema } from "~/web/forms/child.server";
import { childIdParam } from "~/web/forms/children.server";
import { noFields } from "~/web/forms/form-values.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { foundOr404 } from "~/web/not-found.server";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.child.name} · My children · Little Harvest` : "Child not found · Little Harvest" },
  { name: "robots", content: "noindex" },
];

/** Another family's child and a made-up id are the same 404. */
function childIdOf(param: string | undefined): number {
  const id = childIdParam(param);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const child = foundOr404(await getChild(context.db, user.id, childIdOf(params.id)));
  return { child, today: todayIn(context.clock) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const childId = childIdOf(params.id);
  const form = await readForm(request);
  const done = () => redirect("/account/children", { status: 303 });
  if (form.get("intent") === "remove") {
    return runSubmission(parseSubmission(form, noFields), async () => {
      await removeChild(context.db, user.id, childId);
      return done();
    });
  }
  return runSubmission(parseSubmission(form, childSchema(todayIn(context.clock))), async (input) => {
    await updateChild(context.db, context.clock, user.id, childId, input);
    return done();
  });
}

export default function EditChild() {
  const { child, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const removeRefused = replyFor(result, "remove");
  return (
    <AccountPage title={`Edit ${child.name}`} back={{ to: "/account/children", label: "My children" }}>
      <ChildForm
        lastResult={removeRefused ? undefined : result}
        values={{ ...child, notes: child.notes ?? "" }}
        submitLabel="Save changes"
        maxDate={today}
      />
      <Form method="post" className="danger-zone">
        <FormError message={formErrorOf(removeRefused)} />
        <SubmitButton intent="remove" className="button secondary" pendingLabel="Removing…">
          Remove {child.name}
        </SubmitButton>
      </Form>
    </AccountPage>
  );
}
