import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:edge`: the built worker in workerd (Miniflare) against the local Postgres and Redis.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/edge/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts workerd processes; one file at a time on this 2-core machine.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
