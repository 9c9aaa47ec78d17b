/**
 * What the published package may contain: the built plugin under `.medusa/server/src`,
 * the README and package.json. Nothing of the repository's own app, tests or scripts.
 */

/** Built files every consumer needs: the module, its migrations, and each entry point Medusa loads. */
const REQUIRED = [
  ".medusa/server/src/modules/resource_booking/index.js",
  ".medusa/server/src/modules/resource_booking/service.js",
  ".medusa/server/src/workflows/index.js",
  ".medusa/server/src/workflows/index.d.ts",
  ".medusa/server/src/modules/resource_booking/index.d.ts",
  ".medusa/server/src/workflows/hooks/validate-cart-holds.js",
  ".medusa/server/src/jobs/cleanup-expired-holds.js",
  ".medusa/server/src/links/resource-product-variant.js",
  ".medusa/server/src/api/middlewares.js",
  ".medusa/server/src/api/admin/resource-booking/health/route.js",
  ".medusa/server/src/api/store/resource-booking/holds/route.js",
  ".medusa/server/src/subscribers/confirm-holds-on-order-placed.js",
  ".medusa/server/src/admin/index.js",
  ".medusa/server/src/admin/index.mjs",
  "README.md",
  "package.json",
]

/** Paths that must never ship, with the reason a reader of the failure gets. */
const FORBIDDEN = [
  [/(^|\/)medusa-config\.(ts|js|mjs|cjs)(\.map)?$/, "the repository's own medusa-config"],
  [/(^|\/)\.env(\.|$)/, "an .env file"],
  [/(^|\/)(tests?|__tests__|integration-tests|unit-tests)\//, "a test folder"],
  [/\.(spec|test)\.(ts|js|mjs)(\.map)?$/, "a test file"],
  [/(^|\/)scripts\//, "a repository script"],
  [/(^|\/)\.data\//, "a local database folder"],
  [/(?<!\.d)\.ts$/, "TypeScript source (ship the build)"],
]

/**
 * Problems with a packed file list (paths relative to the package root); empty when the
 * package ships exactly the built plugin and its README.
 */
function packProblems(files) {
  const problems = []
  const present = new Set(files)
  for (const file of files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file))
    if (forbidden) {
      problems.push(`ships ${forbidden[1]}: ${file}`)
    } else if (!file.startsWith(".medusa/server/src/") && file !== "README.md" && file !== "package.json") {
      problems.push(`ships a file outside the built plugin: ${file}`)
    }
  }
  for (const file of REQUIRED) {
    if (!present.has(file)) {
      problems.push(`does not ship ${file}`)
    }
  }
  return problems
}

module.exports = { packProblems, REQUIRED }
