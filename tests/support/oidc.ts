import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { OAuth2Server } from "oauth2-mock-server";

export type OidcIdentity = { sub: string; email: string; email_verified: boolean; name: string };

type Token = { header: Record<string, unknown>; payload: Record<string, unknown> };

/**
 * A local OpenID Connect provider standing in for Google (oauth2-mock-server): discovery, authorize (answers at once
 * with a code, as if the person had consented), token (RS256-signed ID token), JWKS. `identity` is who signs in next.
 * `tamperNextIdToken` changes the next ID token's claims before signing, `unsignNextIdToken` sends the next one with
 * `alg: none`, `rotateKey` adds a new signing key (the ID tokens after it are signed with it), and `jwksFetches`
 * counts how often the key set was asked for.
 */
export async function startOidcProvider(initial: OidcIdentity) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  let identity = initial;
  let tamper: ((token: Token) => void) | null = null;
  let unsign = false;
  let jwksFetches = 0;
  server.service.on("beforeTokenSigning", (token: Token) => {
    Object.assign(token.payload, identity);
    // The ID token is the one with an audience (the access token has none here).
    if ("aud" in token.payload && tamper) {
      tamper(token);
      tamper = null;
    }
  });
  server.service.on("beforeResponse", (response: { body: Record<string, unknown> }) => {
    if (!unsign || typeof response.body.id_token !== "string") return;
    unsign = false;
    const [, payload] = response.body.id_token.split(".");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    response.body.id_token = `${header}.${payload}.`;
  });
  const http = createServer((req, res) => {
    if (req.url?.startsWith("/jwks")) jwksFetches++;
    void server.service.requestHandler(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  server.issuer.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    issuer: server.issuer.url,
    setIdentity(next: OidcIdentity) {
      identity = next;
    },
    tamperNextIdToken(change: (token: Token) => void) {
      tamper = change;
    },
    unsignNextIdToken() {
      unsign = true;
    },
    async rotateKey() {
      await server.issuer.keys.generate("RS256");
    },
    get jwksFetches() {
      return jwksFetches;
    },
    stop: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
