/**
 * The well-known passwords a new one is checked against (zxcvbn-ts's common list: ~30 000 entries, 380 KB). Loaded
 * the first time a password is chosen, never at start-up: on Node from the package, on workerd from the worker's
 * static assets, so the list stays out of the worker bundle (docs/decisions/043-worker-bundle-and-start-up.md).
 */
export type CommonPasswords = {
  /** True when `plain` (any case) is on the list. */
  has(plain: string): Promise<boolean>;
};

export function commonPasswordsFrom(load: () => Promise<readonly string[]>): CommonPasswords {
  // The loaded set, never the pending load: on workerd two requests may not share a promise (docs/architecture.md §9);
  // two first callers both load.
  let set: Set<string> | undefined;
  return {
    async has(plain) {
      set ??= new Set((await load()).map((p) => p.toLowerCase()));
      return set.has(plain.toLowerCase());
    },
  };
}

/** Where build-edge.mjs puts the list among the worker's static assets, one password a line. */
export const COMMON_PASSWORDS_ASSET = "/common-passwords.txt";
