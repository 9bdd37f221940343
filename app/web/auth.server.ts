// Authentication wiring (remix-auth v4): the password form strategy, and the one way every successful sign-in (password
// or Google: google-sign-in.server.ts) becomes a session.
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { verifyCredentials } from "~/domain/accounts.server";
import { deleteStaleTokens } from "~/domain/account-tokens.server";
import { mergeGuestCartAtSignIn } from "~/web/cart-cookie.server";
import type { AppLoadContext } from "~/infra/app-context";
import {
  clearedSessionCookie,
  createSession,
  deleteExpiredSessions,
  destroySession,
  readSessionToken,
  sessionCookie,
} from "~/infra/session.server";

/** Thrown by the password strategy; its message is safe to show and never says whether the email exists. */
export class LoginError extends Error {}

const LOGIN_FAILED = "That email and password don't match an account. Check them and try again.";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

/** Email + password through remix-auth-form; resolves to the user id. */
export function createPasswordAuthenticator(context: Pick<AppLoadContext, "db" | "hasher">): Authenticator<number> {
  const auth = new Authenticator<number>();
  auth.use(
    new FormStrategy(async ({ form }) => {
      const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
      if (!parsed.success) throw new LoginError("Enter your email address and password.");
      const userId = await verifyCredentials(context, parsed.data.email, parsed.data.password);
      if (userId === null) throw new LoginError(LOGIN_FAILED);
      return userId;
    }),
    "password",
  );
  return auth;
}

/**
 * Every successful sign-in ends here: the old session (if any) is destroyed and a brand-new id issued (no fixation),
 * expired rows are cleaned up, and the browser is sent on with a 303 carrying the cookie.
 */
export async function startUserSession(
  request: Request,
  context: AppLoadContext,
  userId: number,
  opts: { persistent: boolean; redirectTo: string },
): Promise<Response> {
  const { db, clock, config } = context;
  await destroySession(db, readSessionToken(request, config));
  await deleteExpiredSessions(db, clock);
  await deleteStaleTokens(db, clock);
  const { token, expiresAt } = await createSession(db, clock, userId, {
    persistent: opts.persistent,
    userAgent: request.headers.get("user-agent"),
  });
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(config, token, { persistent: opts.persistent, expiresAt }));

  // The guest cart joins the account's cart; `headers` may receive the Set-Cookie that clears the guest cart cookie.
  await mergeGuestCartAtSignIn(request, context, userId, headers);

  context.log.info({ userId, persistent: opts.persistent }, "signed in");
  return redirect(opts.redirectTo, { status: 303, headers });
}

/** Logout: the row goes, so the cookie is worthless even if someone kept a copy. */
export async function endUserSession(request: Request, context: AppLoadContext, redirectTo = "/"): Promise<Response> {
  await destroySession(context.db, readSessionToken(request, context.config));
  return redirect(redirectTo, { status: 303, headers: { "Set-Cookie": clearedSessionCookie(context.config) } });
}
