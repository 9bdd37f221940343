import { OAuth2Server } from "oauth2-mock-server";

export type OidcIdentity = { sub: string; email: string; email_verified: boolean; name: string };

/**
 * A local OpenID Connect provider standing in for Google (oauth2-mock-server): discovery, authorize (answers at once
 * with a code, as if the person had consented), token (RS256-signed ID token), JWKS. `identity` is who signs in next.
 */
export async function startOidcProvider(initial: OidcIdentity) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  let identity = initial;
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, identity);
  });
  await server.start(0, "127.0.0.1");
  return {
    issuer: server.issuer.url!,
    setIdentity(next: OidcIdentity) {
      identity = next;
    },
    stop: () => server.stop(),
  };
}
