import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { signInWithGoogle, type GoogleProfile } from "~/domain/accounts.server";
import { createGoogleAuthenticator, googleEnabled, startUserSession } from "~/web/auth.server";

// GET /auth/google/callback?code=…&state=…: the strategy checks state against its cookie, swaps the code (with the
// PKCE verifier) for tokens and verifies the ID token; we then link or create the account and start a session.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!googleEnabled(context.config)) throw new Response("Not found", { status: 404 });
  let profile: GoogleProfile;
  try {
    const auth = await createGoogleAuthenticator(context);
    profile = await auth.authenticate("google", request);
  } catch (error) {
    if (error instanceof Response) return error;
    context.log.warn({ err: error }, "google sign-in failed");
    return redirect("/login?google=failed");
  }
  const result = await signInWithGoogle(context, profile);
  if (!result.ok) return redirect(`/login?google=${result.reason}`);
  return startUserSession(request, context, result.userId, {
    persistent: true,
    redirectTo: result.created ? "/account?welcome=1" : "/account",
  });
}
