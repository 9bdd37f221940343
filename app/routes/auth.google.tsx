import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { googleEnabled, startGoogleSignIn } from "~/web/google-sign-in.server";

// GET /auth/google: off to Google's consent screen (with a short-lived cookie holding state, nonce and PKCE verifier).
// A plain link rather than a form, so the page's CSP can keep `form-action 'self'`.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!googleEnabled(context.config)) throw new Response("Not found", { status: 404 });
  try {
    return await startGoogleSignIn(context);
  } catch (error) {
    context.log.error({ err: error }, "google sign-in could not start");
    return redirect("/login?google=failed");
  }
}
