/**
 * Builds the client twice from src/ with tsc: CommonJS into dist/cjs and ESM into dist/esm,
 * each with its own declarations (so `require` and `import` consumers get types of their
 * module kind). A package.json in each folder marks its module kind for Node and TypeScript.
 */
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")

const ROOT = path.join(__dirname, "..")
const DIST = path.join(ROOT, "dist")
const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] })

const BUILDS = [
  { config: "tsconfig.cjs.json", folder: "cjs", type: "commonjs" },
  { config: "tsconfig.esm.json", folder: "esm", type: "module" },
]

function build() {
  fs.rmSync(DIST, { recursive: true, force: true })
  for (const { config, folder, type } of BUILDS) {
    const run = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, config)], { cwd: ROOT, stdio: "inherit" })
    if (run.status !== 0) {
      throw new Error(`tsc -p ${config} failed (exit ${run.status})`)
    }
    fs.writeFileSync(path.join(DIST, folder, "package.json"), `${JSON.stringify({ type }, null, 2)}\n`)
  }
}

if (require.main === module) {
  try {
    build()
    console.log(`built ${path.relative(process.cwd(), DIST) || "dist"}: cjs and esm with declarations`)
  } catch (error) {
    console.error(error.message)
    process.exit(1)
  }
}

module.exports = { build, DIST }
