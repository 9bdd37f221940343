import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser suite: real server processes and Debian chromium. Two files at a time: a file spends much of its time
// waiting (a server starting, a page loading, an email loop's next round), which the other file fills.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
