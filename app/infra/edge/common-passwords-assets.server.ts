// On workerd the common-password list is a static asset (build-edge.mjs writes it), read through the ASSETS binding the
// first time a password is chosen: 380 KB that the worker bundle and every isolate's start-up no longer carry.
import type { Fetcher } from "@cloudflare/workers-types";
import { COMMON_PASSWORDS_ASSET, commonPasswordsFrom, type CommonPasswords } from "../passwords/common-passwords";

export function commonPasswordsFromAssets(assets: Fetcher): CommonPasswords {
  return commonPasswordsFrom(async () => {
    // The host is ignored by the binding; the path is the asset's.
    const res = await assets.fetch(`https://assets.invalid${COMMON_PASSWORDS_ASSET}`);
    // Failing closed: without the list a weak password would pass, so the request errors instead.
    if (!res.ok) throw new Error(`common-password list: static asset answered ${res.status}`);
    return (await res.text()).split("\n").filter(Boolean);
  });
}
