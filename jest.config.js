const { loadEnv } = require("@medusajs/framework/utils")

loadEnv("test", process.cwd())

/** swc compiles TypeScript (with decorators) as Medusa's own runtime does; tsc only type-checks. */
const transform = {
  "^.+\\.[jt]s$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript", decorators: true } } },
  ],
}

const shared = {
  transform,
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["<rootDir>/.medusa/", "<rootDir>/dist/"],
  setupFiles: ["<rootDir>/tests/setup-env.js"],
}

module.exports = {
  testTimeout: 120_000,
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/tests/unit/**/*.spec.ts"],
    },
    {
      ...shared,
      displayName: "integration:modules",
      testMatch: ["<rootDir>/tests/integration/**/*.spec.ts"],
      setupFilesAfterEnv: ["<rootDir>/tests/setup-timeout.js", "<rootDir>/tests/setup-mikro-orm.js"],
    },
    {
      ...shared,
      displayName: "integration:http",
      testMatch: ["<rootDir>/tests/http/**/*.spec.ts"],
      setupFilesAfterEnv: ["<rootDir>/tests/setup-timeout.js", "<rootDir>/tests/setup-mikro-orm.js"],
    },
  ],
}
