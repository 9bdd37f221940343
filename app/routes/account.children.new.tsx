import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChildForm } from "~/components/child-form";
import { addChild, todayIn } from "~/domain/children.server";
import { childSchema } from "~/web/forms/child.server";
import { readSubmission, runSubmission } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction = () => [{ title: "Add a child · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return { today: todayIn(context.clock) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = await readSubmission(request, childSchema(todayIn(context.clock)));
  return runSubmission(submission, async (input) => {
    await addChild(context.db, context.clock, user.id, input);
    return redirect("/account/children", { status: 303 });
  });
}

export default function NewChild() {
  const { today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <AccountPage title="Add a child" back={{ to: "/account/children", label: "My children" }}>
      <ChildForm lastResult={lastResult} submitLabel="Save child" maxDate={today} />
    </AccountPage>
  );
}
