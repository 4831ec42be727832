import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share one stack; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
    // supabase-js warns on import that it prefers Node 22; these machines run Node 20 (see README).
    onConsoleLog: (log) => !log.includes("Node.js 20 and below are deprecated"),
  },
});
