// Authentication wiring (remix-auth v4): the password form strategy, the Google OIDC strategy, and the one way every
// successful sign-in becomes a session.
import { createPublicKey, verify as verifySignature, type JsonWebKey } from "node:crypto";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { OAuth2Strategy } from "remix-auth-oauth2";
import { z } from "zod";
import { verifyCredentials, type GoogleProfile } from "~/domain/accounts.server";
import { deleteStaleTokens } from "~/domain/account-tokens.server";
import { mergeGuestCartAtSignIn } from "~/web/cart-cookie.server";
import type { Config } from "~/infra/config.server";
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

  // ── GUEST CART MERGE (storefront) ── merge the guest cart into the user's cart here; `headers` may receive a
  // Set-Cookie that clears the guest cart cookie.
  await mergeGuestCartAtSignIn(request, context, userId, headers);

  context.log.info({ userId, persistent: opts.persistent }, "signed in");
  return redirect(opts.redirectTo, { status: 303, headers });
}

/** Logout: the row goes, so the cookie is worthless even if someone kept a copy. */
export async function endUserSession(request: Request, context: AppLoadContext, redirectTo = "/"): Promise<Response> {
  await destroySession(context.db, readSessionToken(request, context.config));
  return redirect(redirectTo, { status: 303, headers: { "Set-Cookie": clearedSessionCookie(context.config) } });
}

// ---------- Google (OpenID Connect) ----------

export function googleEnabled(config: Pick<Config, "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">): boolean {
  return Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
}

type OidcMetadata = { issuer: string; authorization_endpoint: string; token_endpoint: string; jwks_uri: string };
type Jwk = JsonWebKey & { kid?: string; alg?: string };

// Discovery answers are kept per config (i.e. per process or isolate) once they arrive: the answer, never the pending
// request (nothing crosses requests on workerd); a failure is simply asked again next time.
const discoveries = new WeakMap<Config, OidcMetadata>();

async function discover(config: Config): Promise<OidcMetadata> {
  const known = discoveries.get(config);
  if (known) return known;
  const url = `${config.GOOGLE_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`OIDC discovery failed: ${res.status}`);
  const meta = (await res.json()) as OidcMetadata;
  if (!meta.authorization_endpoint || !meta.token_endpoint || !meta.jwks_uri || !meta.issuer)
    throw new Error("OIDC discovery incomplete");
  discoveries.set(config, meta);
  return meta;
}

const b64json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

/**
 * Checks the ID token the token endpoint returned: RS256 signature against the issuer's published keys, issuer,
 * audience and expiry (OIDC Core §3.1.3.7).
 */
async function verifyIdToken(idToken: string, meta: OidcMetadata, clientId: string, now: Date): Promise<Record<string, unknown>> {
  const parts = idToken.split(".");
  if (parts.length !== 3) throw new Error("malformed id_token");
  const header = b64json(parts[0]) as { alg?: string; kid?: string };
  if (header.alg !== "RS256") throw new Error(`unexpected id_token alg ${header.alg}`);
  const res = await fetch(meta.jwks_uri, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`JWKS fetch failed: ${res.status}`);
  const { keys } = (await res.json()) as { keys: Jwk[] };
  const jwk = keys.find((k) => (header.kid ? k.kid === header.kid : k.kty === "RSA"));
  if (!jwk) throw new Error("no matching signing key");
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const valid = verifySignature("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], "base64url"));
  if (!valid) throw new Error("id_token signature invalid");
  const claims = b64json(parts[1]) as Record<string, unknown>;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== meta.issuer) throw new Error("id_token issuer mismatch");
  if (!aud.includes(clientId)) throw new Error("id_token audience mismatch");
  if (typeof claims.exp !== "number" || claims.exp * 1000 < now.getTime() - 60_000) throw new Error("id_token expired");
  return claims;
}

/** Google sign-in through remix-auth-oauth2 (authorization code + PKCE + state cookie); resolves to the profile. */
export async function createGoogleAuthenticator(context: AppLoadContext): Promise<Authenticator<GoogleProfile>> {
  const { config } = context;
  if (!googleEnabled(config)) throw new Error("Google sign-in is not configured");
  const meta = await discover(config);
  const clientId = config.GOOGLE_CLIENT_ID!;
  const strategy = new OAuth2Strategy<GoogleProfile>(
    {
      clientId,
      clientSecret: config.GOOGLE_CLIENT_SECRET!,
      authorizationEndpoint: meta.authorization_endpoint,
      tokenEndpoint: meta.token_endpoint,
      redirectURI: `${config.appUrl}/auth/google/callback`,
      scopes: ["openid", "email", "profile"],
      cookie: {
        name: "lh_oauth",
        path: "/auth/google",
        httpOnly: true,
        sameSite: "Lax",
        maxAge: 600,
        ...(config.isProduction ? { secure: true as const } : {}),
      },
    },
    async ({ tokens }) => {
      const claims = await verifyIdToken(tokens.idToken(), meta, clientId, context.clock.now());
      if (typeof claims.sub !== "string" || !claims.sub) throw new Error("id_token without subject");
      return {
        sub: claims.sub,
        email: typeof claims.email === "string" ? claims.email : null,
        emailVerified: claims.email_verified === true || claims.email_verified === "true",
        name: typeof claims.name === "string" ? claims.name : null,
      };
    },
  );
  return new Authenticator<GoogleProfile>().use(strategy, "google");
}
