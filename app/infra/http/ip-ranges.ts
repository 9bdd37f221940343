// IP addresses and CIDR ranges for TRUST_PROXY, without node:net (the fetch handler also runs on workerd).
// Every address is held as a 128-bit IPv6 number; IPv4 becomes its IPv4-mapped form (::ffff:a.b.c.d), so a range
// written either way matches a peer reported either way.

export type IpRange = { base: bigint; bits: number };

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED_PREFIX = 0xffffn << 32n;

function parseV4(text: string): bigint | null {
  const m = V4.exec(text);
  if (!m) return null;
  let n = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith("0")) return null; // 010 is octal to some parsers: refuse, don't guess
    const v = Number(part);
    if (v > 255) return null;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseV6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.split("::").length > 2) return null;
  let tail = text;
  let v4: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    // The dotted quad stands for the last two groups: parse it apart and put zeros in its place.
    tail = text.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = tail.split("::") as [string, string | undefined];
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const total = 8;
  if (rest === undefined ? left.length !== total : left.length + right.length > total - 1) return null;
  const all = [...left, ...Array<string>(total - left.length - right.length).fill("0"), ...right];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return v4 === null ? n : (n & ~0xffffffffn) | v4;
}

/** The address as a 128-bit number (IPv4 → ::ffff:a.b.c.d), or null if it is not an IP address. */
export function parseIp(text: string): bigint | null {
  const v4 = parseV4(text);
  if (v4 !== null) return MAPPED_PREFIX | v4;
  return parseV6(text);
}

/** `10.0.0.0/8`, `::1/128`, `::ffff:10.0.0.0/104`, or a bare address (one host). Null when malformed. */
export function parseRange(text: string): IpRange | null {
  const [addr, len, extra] = text.trim().split("/");
  if (extra !== undefined || !addr) return null;
  const isV4 = V4.test(addr);
  const ip = parseIp(addr);
  if (ip === null) return null;
  const max = isV4 ? 32 : 128;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return null;
  const prefix = len === undefined ? max : Number(len);
  if (prefix > max) return null;
  const bits = isV4 ? 96 + prefix : prefix;
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  return { base: ip & mask, bits };
}

export function inRanges(ip: bigint, ranges: readonly IpRange[]): boolean {
  return ranges.some(({ base, bits }) => bits === 0 || ip >> BigInt(128 - bits) === base >> BigInt(128 - bits));
}

/**
 * An address as a proxy wrote it in X-Forwarded-For or a Forwarded `for=`: maybe quoted, bracketed, with a port.
 * Returns the bare address text (for parsing and as the limiter key), or the input when it is not recognisably an IP.
 */
export function bareAddress(value: string): string {
  let v = value.trim().replace(/^"|"$/g, "");
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(v);
  if (v4WithPort) v = v4WithPort[1];
  return v;
}

/**
 * The key a limiter counts a client under. One IPv6 subscriber is usually given a whole /64 and picks addresses in it
 * at will, so an IPv6 address counts as its /64 (`2001:db8:1:2::/64`); IPv4, written either way, is the dotted quad.
 * Anything that is not an IP address is its own key.
 */
export function limiterKeyOf(address: string): string {
  const ip = parseIp(address);
  if (ip === null) return address;
  if (ip >> 32n === 0xffffn) return [24n, 16n, 8n, 0n].map((shift) => String((ip >> shift) & 0xffn)).join(".");
  const groups = [112n, 96n, 80n, 64n].map((shift) => ((ip >> shift) & 0xffffn).toString(16));
  return `${groups.join(":")}::/64`;
}
