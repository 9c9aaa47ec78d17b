/**
 * What the published client may contain: its two builds (CommonJS and ESM, each with its
 * declarations and module-kind marker), the README and package.json (npm adds a LICENSE
 * file when there is one). No source, tests or scripts.
 */

/** Built files every consumer needs: each `exports` condition's target and its types. */
const REQUIRED = [
  "dist/cjs/index.js",
  "dist/cjs/index.d.ts",
  "dist/cjs/types.d.ts",
  "dist/cjs/package.json",
  "dist/esm/index.js",
  "dist/esm/index.d.ts",
  "dist/esm/types.d.ts",
  "dist/esm/package.json",
  "README.md",
  "package.json",
]

/** Besides the builds: what npm always adds. */
const TOP_LEVEL = new Set(["README.md", "package.json", "LICENSE"])

const BUILT = /^dist\/(cjs|esm)\/[\w.-]+\.(js|d\.ts|json)$/

/** Problems with a packed file list (paths relative to the package root); empty when it ships exactly the build and README. */
function packProblems(files) {
  const problems = []
  const present = new Set(files)
  for (const file of files) {
    if (!TOP_LEVEL.has(file) && !BUILT.test(file)) {
      problems.push(`ships a file outside the build: ${file}`)
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
