// Google sign-in (OpenID Connect, authorization code flow) through oauth4webapi — a maintained, dependency-free client
// on Web APIs only, so Node and workerd run the same code. The browser carries a short-lived cookie with the request's
// state, nonce and PKCE verifier; the callback checks the state, swaps the code (with the verifier), and accepts the
// ID token only with the right issuer, audience, nonce, expiry and algorithm and a signature by one of the issuer's
// published keys.
//
// Nothing crosses requests: discovery and the key set are cached per app instance as plain data (never a promise),
// each request that finds the cache empty or stale fetches on its own, with its own abort signal.
import * as oauth from "oauth4webapi";
import type { GoogleProfile } from "~/domain/accounts.server";
import type { AppLoadContext } from "~/infra/app-context";
import type { Config } from "~/infra/config.server";
import { readCookie } from "~/infra/session.server";

const COOKIE = "lh_oauth";
const COOKIE_PATH = "/auth/google";
const FLOW_SECONDS = 600;
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const TIMEOUT_MS = 5_000;

export function googleEnabled(config: Pick<Config, "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">): boolean {
  return Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
}

/** What the sign-in remembers between requests, per app instance: the discovery document and the signing keys. */
type Cached = { server: oauth.AuthorizationServer; fetchedAt: number; keys: oauth.JWKSCacheInput };
const cache = new WeakMap<Config, Cached>();

function options(config: Config) {
  // Plain http only for a local stand-in outside production; Google itself is https.
  return { signal: AbortSignal.timeout(TIMEOUT_MS), [oauth.allowInsecureRequests]: !config.isProduction };
}

async function authorizationServer(config: Config): Promise<Cached> {
  const hit = cache.get(config);
  if (hit && Date.now() - hit.fetchedAt < DISCOVERY_TTL_MS) return hit;
  const issuer = new URL(config.GOOGLE_ISSUER);
  const server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options(config)));
  const fresh: Cached = { server, fetchedAt: Date.now(), keys: hit?.keys ?? {} };
  cache.set(config, fresh);
  return fresh;
}

const client = (config: Config): oauth.Client => ({ client_id: config.GOOGLE_CLIENT_ID!, id_token_signed_response_alg: "RS256" });
const redirectUri = (config: Config) => `${config.appUrl}/auth/google/callback`;

function flowCookie(config: Config, value: string, maxAge: number): string {
  const parts = [`${COOKIE}=${value}`, `Path=${COOKIE_PATH}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (config.isProduction) parts.push("Secure");
  return parts.join("; ");
}

/** The redirect to Google's consent screen, setting the flow cookie (state, nonce, PKCE verifier). */
export async function startGoogleSignIn(context: AppLoadContext): Promise<Response> {
  const { config } = context;
  const { server } = await authorizationServer(config);
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(server.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.GOOGLE_CLIENT_ID!,
    redirect_uri: redirectUri(config),
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  }).toString();
  return new Response(null, {
    status: 302,
    headers: { location: url.toString(), "set-cookie": flowCookie(config, `${state}.${nonce}.${verifier}`, FLOW_SECONDS) },
  });
}

/** The cookie that ends the flow (each state is used once), for the callback's answer. */
export const endedFlowCookie = (config: Config) => flowCookie(config, "", 0);

/**
 * The callback: the verified profile, or throws (a missing or foreign flow cookie, a refused authorization, a token
 * that fails any check). The caller answers every failure the same way.
 */
export async function finishGoogleSignIn(context: AppLoadContext, request: Request): Promise<GoogleProfile> {
  const { config } = context;
  const [state, nonce, verifier] = (readCookie(request, COOKIE) ?? "").split(".");
  if (!state || !nonce || !verifier) throw new Error("google sign-in without its flow cookie");
  const cached = await authorizationServer(config);
  const { server } = cached;
  const params = oauth.validateAuthResponse(server, client(config), new URL(request.url), state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client(config),
    oauth.ClientSecretPost(config.GOOGLE_CLIENT_SECRET!),
    params,
    redirectUri(config),
    verifier,
    options(config),
  );
  const tokens = await oauth.processAuthorizationCodeResponse(server, client(config), response, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
  await checkSignature(config, cached, response);
  const claims = oauth.getValidatedIdTokenClaims(tokens)!;
  return {
    sub: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: typeof claims.name === "string" ? claims.name : null,
  };
}

/**
 * The ID token's signature against the issuer's key set, cached for five minutes (oauth4webapi's rule). A token signed
 * by a key the cache does not hold yet — Google rotated its keys — fetches the set once more before it is refused.
 */
async function checkSignature(config: Config, cached: Cached, response: Response) {
  // A copy of the metadata per call: oauth4webapi also remembers keys by that object, and this way only `cached.keys`
  // (plain data) is shared between requests.
  const check = () =>
    oauth.validateApplicationLevelSignature({ ...cached.server }, response, {
      ...options(config),
      [oauth.jwksCache]: cached.keys,
    });
  const heldBefore = cached.keys.uat;
  try {
    await check();
  } catch (error) {
    const unknownKey = error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION;
    if (!unknownKey || heldBefore === undefined || cached.keys.uat !== heldBefore) throw error; // fetched just now
    cached.keys = {};
    await check();
  }
}
