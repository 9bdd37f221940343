// TRUST_PROXY (issue 11, point 5): the client IP is the last hop that is not one of our proxies, given either as a
// hop count or as CIDR ranges; IPv4, IPv6 and IPv4-mapped IPv6 alike.
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/infra/config.server";
import { clientIpOf, fromTrustedProxy, type TrustProxy } from "~/infra/http/client-address.server";
import { inRanges, limiterKeyOf, parseIp, parseRange } from "~/infra/http/ip-ranges";

const ranges = (list: string): TrustProxy => loadConfig({ TRUST_PROXY: list }).TRUST_PROXY;
const req = (headers: Record<string, string>) => new Request("http://shop.test/login", { headers });
const CIDRS = "10.0.0.0/8,192.168.1.0/24,::1/128,2001:db8:aa::/48";

describe("parseIp / parseRange / inRanges", () => {
  it.each([
    // address, range, inside?
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.1.2.3", "10.0.0.0/8", false],
    ["192.168.1.255", "192.168.1.0/24", true],
    ["192.168.2.1", "192.168.1.0/24", false],
    ["::ffff:10.9.9.9", "10.0.0.0/8", true], // IPv4-mapped peer, IPv4 range
    ["::ffff:a09:909", "10.0.0.0/8", true], // the same, in hex groups
    ["10.9.9.9", "::ffff:10.0.0.0/104", true], // IPv4 peer, IPv4-mapped range
    ["::1", "::1/128", true],
    ["::2", "::1/128", false],
    ["2001:db8:aa:1::5", "2001:db8:aa::/48", true],
    ["2001:db8:ab::5", "2001:db8:aa::/48", false],
    ["2001:0db8:00aa:0000:0000:0000:0000:0001", "2001:db8:aa::/48", true],
    ["1.2.3.4", "0.0.0.0/0", true],
    ["1.2.3.4", "1.2.3.4", true], // a bare address is one host
    ["1.2.3.5", "1.2.3.4", false],
    ["::", "::/0", true],
  ])("%s in %s → %s", (ip, range, inside) => {
    const r = parseRange(range);
    const a = parseIp(ip);
    expect(r).not.toBeNull();
    expect(a).not.toBeNull();
    expect(inRanges(a!, [r!])).toBe(inside);
  });

  it.each([
    "",
    "unknown",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "010.1.1.1",
    "1::2::3",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "g::1",
    "::ffff:1.2.3.999",
    "_hidden",
  ])("%j is not an address", (text) => expect(parseIp(text)).toBeNull());

  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/8/8", "10.0.0.0/x", "/8", "example.com/8"])("%j is not a range", (text) =>
    expect(parseRange(text)).toBeNull(),
  );
});

describe("clientIpOf with CIDR ranges", () => {
  it.each([
    // socket peer, X-Forwarded-For, Forwarded, expected client IP
    ["10.0.0.5", "203.0.113.9", undefined, "203.0.113.9"],
    ["10.0.0.5", "1.1.1.1, 203.0.113.9", undefined, "203.0.113.9"], // spoofed leftmost hop ignored
    ["10.0.0.5", "6.6.6.6, 203.0.113.9, 192.168.1.7", undefined, "203.0.113.9"], // two of our proxies
    ["10.0.0.5", "10.1.1.1, 192.168.1.7", undefined, "10.1.1.1"], // all trusted: the leftmost stands
    ["203.0.113.50", "1.1.1.1", undefined, "203.0.113.50"], // not from our proxy: headers ignored
    ["::1", "2001:db8::7", undefined, "2001:db8::7"],
    ["::ffff:10.0.0.5", "203.0.113.9", undefined, "203.0.113.9"], // IPv4-mapped peer in an IPv4 range
    ["10.0.0.5", "[2001:db8::7]:4711, 10.2.2.2", undefined, "2001:db8::7"],
    ["10.0.0.5", "203.0.113.9:5555", undefined, "203.0.113.9"],
    ["10.0.0.5", "2001:db8:aa::1, 2001:db8:cafe::17", undefined, "2001:db8:cafe::17"],
    ["10.0.0.5", "unknown", undefined, "unknown"], // a garbled hop our proxy recorded is not trusted
    // Forwarded is not read (we could not tell our proxy's from a client's): only X-Forwarded-For counts.
    ["10.0.0.5", undefined, 'for="[2001:db8:cafe::17]:4711";proto=https', "10.0.0.5"],
    ["10.0.0.5", "203.0.113.9", "for=6.6.6.6", "203.0.113.9"],
    ["10.0.0.5", undefined, undefined, "10.0.0.5"], // our proxy itself (a health check)
  ])("peer %s, XFF %j, Forwarded %j → %s", (peer, xff, fwd, expected) => {
    const headers: Record<string, string> = {};
    if (xff !== undefined) headers["x-forwarded-for"] = xff;
    if (fwd !== undefined) headers.forwarded = fwd;
    expect(clientIpOf(req(headers), peer, ranges(CIDRS))).toBe(expected);
  });

  it.each([
    ["10.0.0.5", true],
    ["::ffff:192.168.1.9", true],
    ["::1", true],
    ["203.0.113.9", false],
    ["::2", false],
  ])("forwarded host/proto from peer %s trusted → %s", (peer, trusted) => {
    expect(fromTrustedProxy(peer, ranges(CIDRS))).toBe(trusted);
  });
});

describe("clientIpOf with a hop count (unchanged)", () => {
  it.each([
    // hops, socket peer, X-Forwarded-For, expected
    [0, "10.0.0.5", "1.1.1.1", "10.0.0.5"],
    [1, "10.0.0.5", "1.1.1.1, 203.0.113.9", "203.0.113.9"],
    [2, "10.0.0.5", "1.1.1.1, 203.0.113.9, 10.0.0.9", "203.0.113.9"],
    [3, "10.0.0.5", "203.0.113.9", "203.0.113.9"], // fewer hops than configured: the leftmost
  ])("hops %d, peer %s, XFF %j → %s", (hops, peer, xff, expected) => {
    expect(clientIpOf(req({ "x-forwarded-for": xff }), peer, { hops })).toBe(expected);
  });
});

describe("TRUST_PROXY parsing", () => {
  it.each([
    [undefined, { hops: 0 }],
    ["false", { hops: 0 }],
    ["true", { hops: 1 }],
    ["2", { hops: 2 }],
  ])("%j → %j", (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it("a CIDR list becomes ranges", () => {
    const trust = ranges(" 10.0.0.0/8 , ::1/128 ");
    expect("ranges" in trust && trust.ranges.length).toBe(2);
  });

  it.each(["yes", "10.0.0.0/8,", "10.0.0.0/8,nonsense", "300.0.0.0/8", "::1/200"])(
    "%j stops the process naming TRUST_PROXY",
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );
});

describe("limiterKeyOf: IPv6 clients are counted by their /64 (issue 22, finding 9)", () => {
  it.each([
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:abcd::9", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::1", "2001:db8:1:3::/64"],
    ["::1", "0:0:0:0::/64"],
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["::ffff:cb00:7109", "203.0.113.9"],
    ["unknown", "unknown"],
  ])("%s → %s", (address, key) => {
    expect(limiterKeyOf(address)).toBe(key);
  });
});
