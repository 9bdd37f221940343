import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { signInWithGoogle, type GoogleProfile } from "~/domain/accounts.server";
import { startUserSession } from "~/web/auth.server";
import { endedFlowCookie, finishGoogleSignIn, googleEnabled } from "~/web/google-sign-in.server";

// GET /auth/google/callback?code=…&state=…: the state is checked against the flow cookie, the code swapped (with the
// PKCE verifier) for tokens and the ID token verified (google-sign-in.server.ts); we then link or create the account
// and start a session. Every failure looks the same to the visitor.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!googleEnabled(context.config)) throw new Response("Not found", { status: 404 });
  const ended = { headers: { "set-cookie": endedFlowCookie(context.config) } };
  let profile: GoogleProfile;
  try {
    profile = await finishGoogleSignIn(context, request);
  } catch (error) {
    context.log.warn({ err: error }, "google sign-in failed");
    return redirect("/login?google=failed", ended);
  }
  const result = await signInWithGoogle(context, profile);
  if (!result.ok) return redirect(`/login?google=${result.reason}`, ended);
  const session = await startUserSession(request, context, result.userId, {
    persistent: true,
    redirectTo: result.created ? "/account?welcome=1" : "/account",
  });
  session.headers.append("set-cookie", endedFlowCookie(context.config));
  return session;
}
