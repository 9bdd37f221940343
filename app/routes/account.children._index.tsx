import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, SubmitButton, formErrorOf } from "~/components/form";
import { allergenLabel } from "~/domain/allergens";
import { DIETARY_NEEDS, ageInMonths, describeAge } from "~/domain/child-fit";
import { listChildren, removeChild, todayIn } from "~/domain/children.server";
import { removeChildSchema } from "~/web/forms/children.server";
import { parseSubmission, runSubmission } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { AccountPage } from "~/components/account-page";

export const meta: MetaFunction = () => [{ title: "My children · Little Harvest" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const today = todayIn(context.clock);
  const kids = await listChildren(context.db, user.id);
  return { children: kids.map((c) => ({ ...c, age: describeAge(ageInMonths(c.dateOfBirth, today)) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const done = redirect("/account/children", { status: 303 });
  if (form.get("intent") !== "remove") return done;
  const submission = parseSubmission(form, removeChildSchema);
  if (submission.status !== "success") throw new Response("Not found", { status: 404 });
  return runSubmission(submission, async ({ childId }) => {
    await removeChild(context.db, user.id, childId);
    return done;
  });
}

export default function Children() {
  const { children } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <AccountPage title="My children">
      <FormError message={formErrorOf(refused)} />
      <p className="muted">
        With a profile for each child, the shop shows which meals suit their age and warns you about their allergens.
      </p>
      {children.length === 0 ? (
        <p>No children added yet.</p>
      ) : (
        <ul className="child-list">
          {children.map((c) => (
            <li key={c.id} className="child-card">
              <h2>{c.name}</h2>
              <p>
                {c.age} · born {c.dateOfBirth}
              </p>
              <p>Allergies: {c.allergies.length ? c.allergies.map(allergenLabel).join(", ") : "none"}</p>
              {c.dietaryNeeds.length > 0 && (
                <p>Dietary needs: {c.dietaryNeeds.map((d) => DIETARY_NEEDS.find((n) => n.code === d)?.label ?? d).join(", ")}</p>
              )}
              <p className="actions">
                <Link className="button secondary small" to={`/shop?child=${c.id}`}>
                  Shop for {c.name}
                </Link>{" "}
                <Link className="button secondary small" to={`/account/children/${c.id}`} aria-label={`Edit ${c.name}`}>
                  Edit
                </Link>
              </p>
              <Form method="post">
                <input type="hidden" name="childId" value={c.id} />
                <SubmitButton intent="remove" className="link-button" pendingLabel="Removing…" aria-label={`Remove ${c.name}`}>
                  Remove
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="button" to="/account/children/new">
          Add a child
        </Link>
      </p>
    </AccountPage>
  );
}
