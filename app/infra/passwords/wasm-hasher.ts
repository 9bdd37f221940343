import { ARGON2_PARAMS, isVerifiable, type PasswordHasher } from "./hasher";

/** The `argon2id` package's compute function (what its `setupWasm` resolves to). */
export type Argon2idCompute = (params: {
  password: Uint8Array;
  salt: Uint8Array;
  parallelism: number;
  passes: number;
  memorySize: number;
  tagLength: number;
}) => Uint8Array;

/**
 * argon2id in WebAssembly for workerd, where native addons cannot load and runtime WASM compilation is refused: the
 * runtime entry instantiates the package's precompiled modules and hands the compute function in.
 */
export function createWasmHasher(loadCompute: () => Promise<Argon2idCompute>): PasswordHasher {
  // The function, never the promise of it: on workerd a request must not await what another request started.
  let compute: Argon2idCompute | undefined;
  const run = async (plain: string, salt: Uint8Array, p: PhcParams) =>
    (compute ??= await loadCompute())({
      password: new TextEncoder().encode(plain),
      salt,
      parallelism: p.p,
      passes: p.t,
      memorySize: p.m,
      tagLength: p.tagLength,
    });
  return {
    async hash(plain) {
      const salt = crypto.getRandomValues(new Uint8Array(ARGON2_PARAMS.saltBytes));
      const params = { m: ARGON2_PARAMS.memoryKiB, t: ARGON2_PARAMS.passes, p: ARGON2_PARAMS.parallelism };
      const tag = await run(plain, salt, { ...params, tagLength: ARGON2_PARAMS.hashBytes });
      return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(tag)}`;
    },
    async verify(hashed, plain) {
      if (!isVerifiable(hashed, plain)) return false;
      const phc = parsePhc(hashed);
      if (!phc) return false;
      try {
        return constantTimeEqual(await run(plain, phc.salt, phc.params), phc.hash);
      } catch {
        return false;
      }
    },
  };
}

type PhcParams = { m: number; t: number; p: number; tagLength: number };

// Bounds keep a forged hash from asking for gigabytes of memory or minutes of work.
function parsePhc(s: string): { params: PhcParams; salt: Uint8Array; hash: Uint8Array } | null {
  const m = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(s);
  if (!m) return null;
  const [mem, t, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mem < 8 * p || mem > 65_536 || t < 1 || p < 1) return null;
  const salt = unb64(m[4]);
  const hash = unb64(m[5]);
  if (salt.length < 8 || hash.length < 16) return null;
  return { params: { m: mem, t, p, tagLength: hash.length }, salt, hash };
}

// PHC strings use standard base64 without padding.
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
const unb64 = (s: string) => Uint8Array.from(atob(s + "=".repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
