import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChildForm, childFormFields, type ChildFormValues } from "~/components/child-form";
import { addChild, childSchema, todayIn } from "~/domain/children.server";
import { parseThenRun } from "~/web/domain-errors.server";
import { requireUser } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction = () => [{ title: "Add a child · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return { today: todayIn(context.clock) };
}

type Result = { errors: Record<string, string>; values: ChildFormValues };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const fields = childFormFields(await readForm(request));
  return parseThenRun(
    childSchema(todayIn(context.clock)),
    fields,
    async (input) => {
      await addChild(context.db, context.clock, user.id, input);
      return redirect("/account/children", { status: 303 });
    },
    { values: fields },
  );
}

export default function NewChild() {
  const { today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <AccountPage title="Add a child" back={{ to: "/account/children", label: "My children" }}>
      <ChildForm values={result?.values} errors={result?.errors} submitLabel="Save child" maxDate={today} />
    </AccountPage>
  );
}
