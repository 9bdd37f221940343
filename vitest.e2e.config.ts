import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser suite: real server processes and Debian chromium; one file at a time on this 2-core machine.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
