import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { ARGON2_PARAMS, isVerifiable, type PasswordHasher } from "./hasher";

/** Native argon2id for the Node runtime (fast; does not bundle for workerd). */
export const nodeHasher: PasswordHasher = {
  hash: (plain) =>
    hash(plain, {
      algorithm: 2 as Algorithm, // Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot read)
      memoryCost: ARGON2_PARAMS.memoryKiB,
      timeCost: ARGON2_PARAMS.passes,
      parallelism: ARGON2_PARAMS.parallelism,
      outputLen: ARGON2_PARAMS.hashBytes,
    }),
  async verify(hashed, plain) {
    if (!isVerifiable(hashed, plain)) return false;
    try {
      return await verify(hashed, plain);
    } catch {
      return false;
    }
  },
};
