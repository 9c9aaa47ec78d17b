/**
 * The operating-system user PostgreSQL's programs run as. PostgreSQL refuses to run as root:
 * as root they run as the `postgres` system user through `runuser` (the user is created when
 * missing), folders they write are handed to that user, and every folder they must enter is
 * checked first. As any other user they run as that user.
 */
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")
const { DatabaseSetupError } = require("./database-setup-error")

const SYSTEM_USER = "postgres"

/**
 * @returns {{
 *   run(file: string, args: string[]): import("child_process").SpawnSyncReturns<string>,
 *   own(target: string): void,
 *   assertCanEnter(folders: string[]): void,
 * }}
 */
function postgresOsUser({ log = console.log } = {}) {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return {
      run: (file, args) => spawnSync(file, args, { cwd: "/", encoding: "utf8" }),
      own: () => {},
      assertCanEnter: () => {},
    }
  }
  const { uid, gid } = ensureSystemUser(log)
  return {
    run: (file, args) => spawnSync("runuser", ["-u", SYSTEM_USER, "--", file, ...args], { cwd: "/", encoding: "utf8" }),
    own: (target) => chownTree(target, uid, gid),
    assertCanEnter: (folders) => assertSystemUserCanEnter(folders),
  }
}

function ensureSystemUser(log) {
  if (!commandExists("runuser")) {
    throw new DatabaseSetupError(
      "PostgreSQL refuses to run as root, and `runuser` (needed to run it as the user postgres) is not available here. " +
        "Run as a normal user, or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
    )
  }
  let ids = systemUserIds()
  if (!ids) {
    const created = spawnSync(
      "useradd",
      ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
      { encoding: "utf8" }
    )
    ids = systemUserIds()
    if (!ids) {
      throw new DatabaseSetupError(
        `PostgreSQL refuses to run as root and the system user ${SYSTEM_USER} could not be created ` +
          `(useradd: ${(created.stderr || created.error?.message || "").trim()}). ` +
          `Create it (useradd --system ${SYSTEM_USER}), run as a normal user, or set DATABASE_URL (dev) / DB_HOST (tests).`
      )
    }
    log(`Created the system user ${SYSTEM_USER}: PostgreSQL refuses to run as root, so the embedded server runs as ${SYSTEM_USER}.`)
  }
  return ids
}

function systemUserIds() {
  const uid = spawnSync("id", ["-u", SYSTEM_USER], { encoding: "utf8" })
  const gid = spawnSync("id", ["-g", SYSTEM_USER], { encoding: "utf8" })
  if (uid.status !== 0 || gid.status !== 0) {
    return null
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0
}

/** Each folder and all its parents must be enterable (x bit) by the system user. */
function assertSystemUserCanEnter(folders) {
  const chain = new Set()
  for (const folder of folders) {
    for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
      chain.add(dir)
      if (dir === path.dirname(dir)) break
    }
  }
  const check = spawnSync(
    "runuser",
    ["-u", SYSTEM_USER, "--", "sh", "-c", 'for d do [ -x "$d" ] || echo "$d"; done', "sh", ...[...chain].sort()],
    { cwd: "/", encoding: "utf8" }
  )
  const blocked = check.stdout.split("\n").filter(Boolean)
  if (check.status !== 0 || blocked.length > 0) {
    const folder = blocked[0] || [...chain][0]
    throw new DatabaseSetupError(
      `PostgreSQL runs as the user ${SYSTEM_USER} (it refuses root), and that user cannot enter ${folder}. ` +
        `Allow it with \`chmod o+x ${folder}\`, move the project to a folder other users can enter, ` +
        "or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
    )
  }
}

/** Hands `target` (a file, or a folder with everything in it) to uid:gid unless it already belongs to them. */
function chownTree(target, uid, gid) {
  const stat = fs.lstatSync(target)
  if (stat.uid === uid && stat.gid === gid) {
    return
  }
  fs.lchownSync(target, uid, gid)
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target)) {
      chownTree(path.join(target, entry), uid, gid)
    }
  }
}

module.exports = { postgresOsUser }
