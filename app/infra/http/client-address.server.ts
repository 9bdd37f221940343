// Who is asking, and at which origin, when up to `hops` proxies we trust stand in front of us (TRUST_PROXY).

const MAX_ADDRESS_LENGTH = 64;
const HOST = /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function listHeader(request: Request, name: string): string[] {
  return (request.headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The client IP: each trusted proxy appends the address it saw to X-Forwarded-For, so with `hops` trusted proxies the
 * client is the `hops`-th address from the right of [X-Forwarded-For…, socket]. Anything further left is whatever
 * the client wrote and is ignored — rotating it buys no fresh rate-limit budget.
 */
export function clientIpOf(request: Request, socketIp: string, hops: number): string {
  const chain = [...(hops > 0 ? listHeader(request, "x-forwarded-for") : []), socketIp || "unknown"];
  const ip = chain[Math.max(0, chain.length - 1 - hops)];
  return ip.length <= MAX_ADDRESS_LENGTH ? ip : socketIp || "unknown";
}

/**
 * The origin the browser used: the request's own scheme and Host, or — behind a trusted proxy — the proto and host
 * that proxy forwarded (the right-most values, the ones it set). Null when the Host is missing or malformed.
 */
export function requestOrigin(request: Request, hops: number): string | null {
  const url = new URL(request.url);
  const host = (hops > 0 && listHeader(request, "x-forwarded-host").at(-1)) || request.headers.get("host");
  const proto = (hops > 0 && listHeader(request, "x-forwarded-proto").at(-1)) || url.protocol.replace(":", "");
  if (!host || !HOST.test(host) || (proto !== "http" && proto !== "https")) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * A copy of the request's headers fit to hand to Remix: forwarded headers the client could have forged are dropped
 * unless a proxy we trust set them, and X-Forwarded-Host is reduced to that proxy's value (Remix compares it with
 * Origin before every action).
 */
export function trustedHeaders(request: Request, hops: number): Headers {
  const headers = new Headers(request.headers);
  if (hops === 0) {
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) headers.delete(name);
  } else {
    const host = listHeader(request, "x-forwarded-host").at(-1);
    if (host) headers.set("x-forwarded-host", host);
  }
  return headers;
}
