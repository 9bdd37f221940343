// Peach Payments' signature rule (Hosted Checkout, redirects, webhooks, status and refund calls): hex HMAC-SHA256,
// keyed by the secret token, over every parameter except `signature` — empty ones too — sorted by name and
// concatenated as name + value. Web Crypto only, so the same code runs on Node and on Workers.

const encoder = new TextEncoder();

export type Params = Record<string, string>;

/** The string Peach signs: names sorted, each followed by its value, nothing between. */
export function signingString(params: Params): string {
  return Object.keys(params)
    .filter((name) => name !== "signature")
    .sort()
    .map((name) => name + params[name])
    .join("");
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function sign(secret: string, params: Params): Promise<string> {
  return hmacHex(secret, signingString(params));
}

/** True when `params.signature` is the signature of the other parameters; compared in constant time. */
export async function verify(secret: string, params: Params): Promise<boolean> {
  const given = params.signature;
  if (typeof given !== "string" || !/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = await sign(secret, params);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.toLowerCase().charCodeAt(i);
  return diff === 0;
}

/** Form fields as Peach sent them (repeated names keep the last value, as its signature covers one value each). */
export function paramsOf(form: URLSearchParams): Params {
  const out: Params = {};
  for (const [name, value] of form) out[name] = value;
  return out;
}
