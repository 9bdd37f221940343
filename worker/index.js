// The Cloudflare Workers entry that wrangler bundles (wrangler.toml `main`): the edge Remix build plus argon2id's
// precompiled WebAssembly (workerd refuses to compile WASM at runtime, so the modules are imported).
import setupWasm from "argon2id/lib/setup.js";
import simd from "argon2id/dist/simd.wasm";
import noSimd from "argon2id/dist/no-simd.wasm";
import * as build from "../build-edge/remix/index.js";
import { withLazySentry } from "../app/infra/edge/sentry-cloudflare.server";
import { createWorker } from "../app/runtime/edge-worker.server";

export default withLazySentry(
  createWorker(build, {
    loadArgon2id: () =>
      setupWasm(
        async (imports) => ({ instance: await WebAssembly.instantiate(simd, imports) }),
        async (imports) => ({ instance: await WebAssembly.instantiate(noSimd, imports) }),
      ),
  }),
);
