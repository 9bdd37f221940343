import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:release`: the release tooling (preflight, smoke, the log shipper, the workflows' scripts) against real
// server processes, the local Postgres and Redis, and the stand-ins. Needs a build, Postgres, redis-server and openssl.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/release/**/*.test.ts"],
    environment: "node",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
