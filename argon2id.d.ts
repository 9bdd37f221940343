// The argon2id package's loader (typed where the package leaves it untyped).
declare module "argon2id/lib/setup.js" {
  type Loader = (
    imports: WebAssembly.Imports,
  ) => Promise<{ instance: WebAssembly.Instance } | WebAssembly.WebAssemblyInstantiatedSource>;
  export default function setupWasm(simd: Loader, noSimd: Loader): Promise<unknown>;
}
