// The common-password list as shipped in `@zxcvbn-ts/language-common`, for Node, scripts and tests. Its own module so
// that nothing on workerd imports the package (a dynamic import is still bundled there).
import { commonPasswordsFrom, type CommonPasswords } from "./common-passwords";

export const packagedCommonPasswords: CommonPasswords = commonPasswordsFrom(
  async () => (await import("@zxcvbn-ts/language-common")).dictionary.passwords,
);
