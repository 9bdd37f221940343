import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { idNumber } from "~/domain/form-fields";
import { ChildForm, childFormFields, type ChildFormValues } from "~/components/child-form";
import { SubmitButton } from "~/components/form";
import { childSchema, getChild, removeChild, todayIn, updateChild } from "~/domain/children.server";
import { parseThenRun, withDomainErrors } from "~/web/domain-errors.server";
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
  const id = idNumber.safeParse(param);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const child = foundOr404(await getChild(context.db, user.id, childIdOf(params.id)));
  return { child, today: todayIn(context.clock) };
}

type Result = { errors: Record<string, string>; values: ChildFormValues };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const childId = childIdOf(params.id);
  const form = await readForm(request);
  const done = () => redirect("/account/children", { status: 303 });
  if (form.get("intent") === "remove") {
    return withDomainErrors(async () => {
      await removeChild(context.db, user.id, childId);
      return done();
    });
  }
  const fields = childFormFields(form);
  return parseThenRun(
    childSchema(todayIn(context.clock)),
    fields,
    async (input) => {
      await updateChild(context.db, context.clock, user.id, childId, input);
      return done();
    },
    { values: fields },
  );
}

export default function EditChild() {
  const { child, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const values = result?.values ?? { ...child, notes: child.notes ?? "" };
  return (
    <AccountPage title={`Edit ${child.name}`} back={{ to: "/account/children", label: "My children" }}>
      <ChildForm values={values} errors={result?.errors} submitLabel="Save changes" maxDate={today} />
      <Form method="post" className="danger-zone">
        <SubmitButton intent="remove" className="button secondary" pendingLabel="Removing…">
          Remove {child.name}
        </SubmitButton>
      </Form>
    </AccountPage>
  );
}
