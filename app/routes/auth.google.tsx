import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { createGoogleAuthenticator, googleEnabled } from "~/web/auth.server";

// GET /auth/google: off to Google's consent screen (the strategy sets a short-lived state + PKCE cookie).
// A plain link rather than a form, so the page's CSP can keep `form-action 'self'`.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!googleEnabled(context.config)) throw new Response("Not found", { status: 404 });
  try {
    const auth = await createGoogleAuthenticator(context);
    await auth.authenticate("google", request);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // the redirect to the provider
    context.log.error({ err: thrown }, "google sign-in could not start");
    return redirect("/login?google=failed");
  }
  return redirect("/login?google=failed");
}
