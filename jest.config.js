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

/**
 * The integration projects share one global setup (run once per jest run): it picks the test
 * database and sets DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD (tests/global-setup.js).
 * The unit project needs no database. Database set-up code runs untransformed: it loads
 * the ESM-only PostgreSQL binaries package with import().
 */
const withTestDatabase = {
  globalSetup: "<rootDir>/tests/global-setup.js",
  globalTeardown: "<rootDir>/tests/global-teardown.js",
  transformIgnorePatterns: [
    "/node_modules/",
    "<rootDir>/scripts/db/",
    "<rootDir>/tests/(global-setup|global-teardown|postgres-container)\\.js$",
  ],
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
      ...withTestDatabase,
      displayName: "integration:modules",
      testMatch: ["<rootDir>/tests/integration/**/*.spec.ts"],
      setupFilesAfterEnv: ["<rootDir>/tests/setup-timeout.js", "<rootDir>/tests/setup-mikro-orm.js"],
    },
    {
      ...shared,
      ...withTestDatabase,
      displayName: "integration:http",
      testMatch: ["<rootDir>/tests/http/**/*.spec.ts"],
      setupFilesAfterEnv: ["<rootDir>/tests/setup-timeout.js", "<rootDir>/tests/setup-mikro-orm.js"],
    },
  ],
}
