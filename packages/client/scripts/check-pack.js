/**
 * `npm run check:client` (from the repository root): builds the client, checks what
 * `npm pack --dry-run` would publish (the build, README and package.json only), then loads
 * the package by its name as a consumer would — `require` and `import` must reach their
 * builds with the same exports, and TypeScript consumers of both kinds (test/consumer) must
 * type-check against the declarations of their condition — and installs the packed tarball in
 * a throwaway storefront on the oldest js-sdk of its peer range (storefront-install.js).
 * Exits non-zero naming each failure.
 */
const { spawnSync } = require("node:child_process")
const path = require("node:path")
const { build } = require("./build")
const { packProblems } = require("./pack-contents")
const { checkStorefrontInstall, lowestJsSdk } = require("./storefront-install")
const fs = require("node:fs")
const os = require("node:os")

const ROOT = path.join(__dirname, "..")
const NAME = require("../package.json").name
/** The package's public runtime names: a change here is a change of the contract. */
const EXPORTS = ["createBookingClient", "isBookingRefusal", "isBusy"]

const failures = []
function check(label, problems) {
  console.log(`${problems.length ? "FAIL" : "ok  "} ${label}`)
  for (const problem of problems) {
    console.log(`       ${problem}`)
  }
  failures.push(...problems)
}

function packedFiles() {
  // Built just before: --ignore-scripts skips the prepack build.
  const packed = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })
  if (packed.status !== 0) {
    throw new Error(`npm pack --dry-run failed: ${packed.stderr}`)
  }
  const [{ files }] = JSON.parse(packed.stdout)
  return files.map((file) => file.path).sort()
}

async function main() {
  build()
  const files = packedFiles()
  check(`npm pack ships the build, README and package.json only (${files.length} files: ${files.join(", ")})`, packProblems(files))

  // Self-reference by name goes through package.json `exports`, as in a storefront.
  const required = Object.keys(require(NAME)).sort()
  const imported = Object.keys(await import(NAME)).filter((key) => key !== "default").sort()
  const same = (names) => (JSON.stringify(names) === JSON.stringify(EXPORTS) ? [] : [`exports ${names.join(", ")}; expected ${EXPORTS.join(", ")}`])
  check(`require("${NAME}") reaches the CommonJS build`, [
    ...same(required),
    ...(require.resolve(NAME).endsWith(path.join("dist", "cjs", "index.js")) ? [] : [`resolved to ${require.resolve(NAME)}`]),
  ])
  check(`import("${NAME}") reaches the ESM build`, same(imported))

  const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] })
  const typed = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "test", "consumer", "tsconfig.json")], { cwd: ROOT, encoding: "utf8" })
  check(
    "TypeScript consumers (node16, CommonJS and ESM) type-check against the declarations",
    typed.status === 0 ? [] : (typed.stdout + typed.stderr).trim().split("\n")
  )

  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "booking-client-pack-"))
  try {
    const packed = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], { cwd: ROOT, encoding: "utf8" })
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`)
    const tarball = path.join(packDir, JSON.parse(packed.stdout)[0].filename)
    check(
      `a storefront on @medusajs/js-sdk ${lowestJsSdk()} installs the tarball (plain npm install, nothing of the server), type-checks and calls every route through its sdk.client`,
      await checkStorefrontInstall(tarball)
    )
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true })
  }

  if (failures.length) {
    console.error(`check:client: ${failures.length} problem(s)`)
    process.exit(1)
  }
  console.log("check:client: the client package builds, packs and loads as published")
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
