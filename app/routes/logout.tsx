import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endUserSession } from "~/web/auth.server";

// POST only: a link or an image tag must never be able to sign someone out.
export async function loader() {
  return redirect("/account");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return endUserSession(request, context, "/");
}
