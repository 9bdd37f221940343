// Who is asking, and at which origin, behind the proxies we trust (TRUST_PROXY: a hop count or a list of CIDR ranges).
import { bareAddress, inRanges, parseIp, type IpRange } from "./ip-ranges";

/** `hops`: that many proxies append to X-Forwarded-For. `ranges`: any peer inside them is one of our proxies. */
export type TrustProxy = { hops: number } | { ranges: IpRange[] };

const MAX_ADDRESS_LENGTH = 64;
const HOST = /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function listHeader(request: Request, name: string): string[] {
  return (request.headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The hops proxies recorded in X-Forwarded-For, left (client's side) to right (ours). `Forwarded` (RFC 7239) is not
 * read: when both arrive we could not tell which one our proxy wrote and which the client made up, so the proxies in
 * front must append to X-Forwarded-For (nginx, HAProxy, load balancers and Cloudflare do), as Express also requires.
 */
function forwardedChain(request: Request): string[] {
  return listHeader(request, "x-forwarded-for").map(bareAddress);
}

function isTrusted(address: string, ranges: readonly IpRange[]): boolean {
  const ip = parseIp(address);
  return ip !== null && inRanges(ip, ranges);
}

/** Whether forwarded headers on this request were set by a proxy we trust (the socket peer is one). */
export function fromTrustedProxy(socketIp: string, trust: TrustProxy): boolean {
  return "hops" in trust ? trust.hops > 0 : isTrusted(bareAddress(socketIp), trust.ranges);
}

/**
 * The client IP, the same for every limiter. Walking [forwarded hops…, socket peer] from the right: with `hops`, the
 * address that many steps in; with `ranges`, the first address that is not one of our proxies. Anything further left
 * is whatever the client wrote and is ignored — rotating it buys no fresh rate-limit budget.
 */
export function clientIpOf(request: Request, socketIp: string, trust: TrustProxy): string {
  const socket = bareAddress(socketIp || "unknown");
  let ip: string;
  if ("hops" in trust) {
    const chain = [...(trust.hops > 0 ? forwardedChain(request) : []), socket];
    ip = chain[Math.max(0, chain.length - 1 - trust.hops)];
  } else {
    const chain = [...(isTrusted(socket, trust.ranges) ? forwardedChain(request) : []), socket];
    let i = chain.length - 1;
    while (i > 0 && isTrusted(chain[i], trust.ranges)) i--;
    ip = chain[i];
  }
  return ip.length <= MAX_ADDRESS_LENGTH ? ip : socket;
}

/**
 * The origin the browser used: the request's own scheme and Host, or — from a trusted proxy — the proto and host
 * that proxy forwarded (the right-most values, the ones it set). Null when the Host is missing or malformed.
 */
export function requestOrigin(request: Request, proxied: boolean): string | null {
  const url = new URL(request.url);
  const host = (proxied && listHeader(request, "x-forwarded-host").at(-1)) || request.headers.get("host");
  const proto = (proxied && listHeader(request, "x-forwarded-proto").at(-1)) || url.protocol.replace(":", "");
  if (!host || !HOST.test(host) || (proto !== "http" && proto !== "https")) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * A copy of the request's headers fit to hand to Remix: forwarded headers the client could have forged are dropped
 * unless a proxy we trust sent the request, and X-Forwarded-Host is reduced to that proxy's value (Remix compares it
 * with Origin before every action).
 */
export function trustedHeaders(request: Request, proxied: boolean): Headers {
  const headers = new Headers(request.headers);
  if (!proxied) {
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) headers.delete(name);
  } else {
    const host = listHeader(request, "x-forwarded-host").at(-1);
    if (host) headers.set("x-forwarded-host", host);
  }
  return headers;
}
