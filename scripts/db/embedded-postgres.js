/**
 * The project's own PostgreSQL, used when no database is configured (DATABASE_URL for dev,
 * DB_HOST for tests). Contract:
 * - data in EMBEDDED_PG_DATA (default <project>/.data/postgres), made by initdb on first use
 *   with superuser `postgres`, trust auth, UTF8 and the C locale;
 * - served on 127.0.0.1:EMBEDDED_PG_PORT (default 54329) only, no Unix socket;
 * - started detached through pg_ctl, so it outlives the command that started it and later
 *   runs reuse it; `npm run db:stop` stops it;
 * - "running" means: a server answers on the port recorded in <data>/postmaster.pid and
 *   reports this data folder as its data_directory;
 * - every failure the user can fix is a DatabaseSetupError whose message quotes the
 *   server's log and says what to do.
 */
const fs = require("fs")
const path = require("path")
const { Client } = require("pg")
const { DatabaseSetupError } = require("./database-setup-error")
const { embeddedPostgresSettings, PROJECT_ROOT } = require("./embedded-postgres-settings")
const { postgresBinaries } = require("./postgres-binaries")
const { postgresOsUser } = require("./postgres-os-user")

/** While postgres still sees the previous server of the data folder (it was just killed), starting is retried. */
const START_RETRY_MS = 5_000
/** The server log is emptied when a start finds it larger than this (it is only appended to). */
const LOG_LIMIT_BYTES = 10 * 1024 * 1024
/** initdb plus a first start take a few seconds; a start lock held longer than this is reported. */
const START_LOCK_WAIT_MS = 120_000
const STALE_SERVER_PATTERN = /lock file "postmaster\.pid" already exists|pre-existing shared memory block/

/**
 * Starts the server unless it is running already.
 * @returns {Promise<{ host: string, port: number, user: string, password: string, dataDir: string, started: boolean }>}
 */
async function ensureEmbeddedPostgres({ log = console.log, env = process.env } = {}) {
  const settings = embeddedPostgresSettings(env)
  const status = await statusOf(settings)
  if (status.running) {
    return reuse(settings, status, log)
  }
  return withStartLock(settings, async () => {
    // Another command may have started it while this one waited for the lock.
    const now = await statusOf(settings)
    return now.running ? reuse(settings, now, log) : initialiseAndStart(settings, log)
  })
}

function reuse(settings, status, log) {
  assertExpectedPort(settings, status.port)
  logRunning(settings, log)
  return connectionOf(settings, false)
}

function logRunning(settings, log) {
  log(`Embedded PostgreSQL: running on ${settings.host}:${settings.port} (data ${display(settings.dataDir)})`)
}

async function initialiseAndStart(settings, log) {
  const binaries = await postgresBinaries()
  const osUser = postgresOsUser({ log })
  prepareFolders(settings, osUser)
  osUser.assertCanEnter([
    settings.dataDir,
    path.join(binaries.packageDir, "native", "bin"),
    path.join(binaries.packageDir, "native", "lib"),
    path.join(binaries.packageDir, "native", "share"),
  ])

  if (!fs.existsSync(path.join(settings.dataDir, "PG_VERSION"))) {
    log(`Embedded PostgreSQL: creating a new database cluster in ${display(settings.dataDir)}`)
    initialise(settings, binaries, osUser)
  }
  const startedHere = await start(settings, binaries, osUser)
  if (startedHere) {
    log(
      `Embedded PostgreSQL: started on ${settings.host}:${settings.port} ` +
        `(data ${display(settings.dataDir)}, log ${display(settings.logFile)}; stop it with \`npm run db:stop\`)`
    )
  } else {
    logRunning(settings, log)
  }
  return connectionOf(settings, startedHere)
}

/**
 * Stops the server if it is running. A postmaster.pid left by a dead server is left alone:
 * the next start copes with it.
 * @returns {Promise<{ wasRunning: boolean }>}
 */
async function stopEmbeddedPostgres({ log = console.log, env = process.env } = {}) {
  const settings = embeddedPostgresSettings(env)
  const status = await statusOf(settings)
  if (!status.running) {
    log(`Embedded PostgreSQL is not running (data ${display(settings.dataDir)})`)
    return { wasRunning: false }
  }
  const binaries = await postgresBinaries()
  const osUser = postgresOsUser({ log })
  const result = osUser.run(binaries.pgCtl, ["-D", settings.dataDir, "-m", "fast", "-w", "-t", "60", "stop"])
  if (result.status !== 0) {
    throw new DatabaseSetupError(
      `Embedded PostgreSQL (PID ${status.pid}) did not stop: ${outputOf(result)}\n` +
        `Stop the process yourself (kill ${status.pid}) and check ${display(settings.logFile)}.`
    )
  }
  log(`Embedded PostgreSQL stopped (data ${display(settings.dataDir)})`)
  return { wasRunning: true }
}

/**
 * @returns {Promise<{ running: boolean, pid: number | null, port: number | null, dataDir: string }>}
 * `pid`/`port` are those recorded in postmaster.pid, null when there is none.
 */
async function statusOf({ dataDir, host, user }) {
  const lock = readPostmasterPid(dataDir)
  if (!lock) {
    return { running: false, pid: null, port: null, dataDir }
  }
  const servedDataDir = await dataDirectoryServedOn(host, lock.port, user)
  const running = servedDataDir !== null && sameFolder(servedDataDir, dataDir)
  return { running, pid: lock.pid, port: lock.port, dataDir }
}

function connectionOf({ host, port, user, password, dataDir }, started) {
  return { host, port, user, password, dataDir, started }
}

function assertExpectedPort(settings, runningPort) {
  if (runningPort !== settings.port) {
    throw new DatabaseSetupError(
      `The embedded PostgreSQL of ${display(settings.dataDir)} is running on port ${runningPort}, ` +
        `but port ${settings.port} is configured (EMBEDDED_PG_PORT). Stop it with \`npm run db:stop\` and start again.`
    )
  }
}

/**
 * The data folder exists (its parent is made by withStartLock); the log file exists and is
 * below LOG_LIMIT_BYTES; as root the data folder and log file belong to the postgres user.
 */
function prepareFolders(settings, osUser) {
  if (!fs.existsSync(settings.dataDir)) {
    fs.mkdirSync(settings.dataDir, { mode: 0o700 })
  }
  if (fileSize(settings.logFile) > LOG_LIMIT_BYTES || !fs.existsSync(settings.logFile)) {
    fs.writeFileSync(settings.logFile, "")
  }
  osUser.own(settings.dataDir)
  osUser.own(settings.logFile)
}

/**
 * Runs `fn` while holding `<data folder>.starting`, an exclusive lock file of this project:
 * two commands that start the server at once (say `npm run dev` and `npm test` on a fresh
 * clone) must not both run initdb or pg_ctl start. A lock whose process is gone is taken over.
 */
async function withStartLock(settings, fn) {
  const lockFile = `${settings.dataDir}.starting`
  const deadline = Date.now() + START_LOCK_WAIT_MS
  // The lock file lives beside the data folder: the folder that holds both, enterable by all.
  const parent = path.dirname(settings.dataDir)
  if (!fs.existsSync(parent)) {
    fs.mkdirSync(parent, { recursive: true })
    fs.chmodSync(parent, 0o755)
  }
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" })
      break
    } catch (error) {
      if (error.code !== "EEXIST") throw error
      const holder = Number(fs.readFileSync(lockFile, "utf8").trim())
      if (!processIsAlive(holder)) {
        fs.rmSync(lockFile, { force: true })
        continue
      }
      if (Date.now() > deadline) {
        throw new DatabaseSetupError(
          `Another command (PID ${holder}) has been starting the embedded PostgreSQL for over ` +
            `${START_LOCK_WAIT_MS / 1000} s. Let it finish or stop it, then try again.`
        )
      }
      await sleep(200)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockFile, { force: true })
  }
}

function processIsAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}

function initialise(settings, binaries, osUser) {
  const result = osUser.run(binaries.initdb, [
    "-D",
    settings.dataDir,
    "-U",
    settings.user,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
  ])
  if (result.status !== 0) {
    throw new DatabaseSetupError(
      `initdb could not create the embedded PostgreSQL cluster in ${display(settings.dataDir)}:\n` +
        indent(lastLines(outputOf(result), 8)) +
        `\nDelete ${display(settings.dataDir)} and try again, or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own.`
    )
  }
}

/** @returns {Promise<boolean>} true when this call started the server, false when another process did meanwhile. */
async function start(settings, binaries, osUser) {
  const deadline = Date.now() + START_RETRY_MS
  for (;;) {
    const logOffset = fileSize(settings.logFile)
    const result = osUser.run(binaries.pgCtl, [
      "-D",
      settings.dataDir,
      "-l",
      settings.logFile,
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${settings.port} -c listen_addresses=${settings.host} -k ''`,
      "start",
    ])
    const status = await statusOf(settings)
    if (status.running) {
      assertExpectedPort(settings, status.port)
      return result.status === 0
    }
    const log = readFrom(settings.logFile, logOffset)
    if (STALE_SERVER_PATTERN.test(log) && !lockHeldByAnotherProgram(settings.dataDir) && Date.now() < deadline) {
      await sleep(1000)
      continue
    }
    throw startFailure(settings, log, outputOf(result))
  }
}

function startFailure(settings, log, pgCtlOutput) {
  const where = `${settings.host}:${settings.port}`
  const serverLines = log.split("\n").filter((line) => /FATAL|PANIC|ERROR|HINT|DETAIL|could not/.test(line))
  const quoted = serverLines.length > 0 ? serverLines : lastLines(log || pgCtlOutput, 6).split("\n")
  const pidFile = path.join(settings.dataDir, "postmaster.pid")
  let todo
  if (/Address already in use|could not create any TCP\/IP sockets/.test(log)) {
    todo =
      `Another program listens on ${where}. Stop it, or give the embedded server another port with ` +
      "EMBEDDED_PG_PORT=<port>, or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
  } else if (/lock file "postmaster\.pid" already exists/.test(log)) {
    todo =
      `${display(pidFile)} names a process that is still alive but is not this project's server on ${where}. ` +
      `If no PostgreSQL is running on ${display(settings.dataDir)}, delete ${display(pidFile)} and start again.`
  } else if (/pre-existing shared memory block/.test(log)) {
    todo = `Processes of an earlier server of ${display(settings.dataDir)} are still running: end them, then start again.`
  } else if (/incompatible with server/.test(log)) {
    todo =
      `${display(settings.dataDir)} was made by another PostgreSQL version. Delete it (its data is lost) and start again, ` +
      "or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
  } else {
    todo =
      `Fix what the log says (full log: ${display(settings.logFile)}), or delete ${display(settings.dataDir)} to start ` +
      "from an empty cluster, or set DATABASE_URL (dev) / DB_HOST (tests) to use a PostgreSQL of your own."
  }
  return new DatabaseSetupError(
    `Embedded PostgreSQL did not start on ${where} (data ${display(settings.dataDir)}). ` +
      `Server log (${display(settings.logFile)}):\n${indent(quoted.join("\n"))}\n${todo}`
  )
}

/** @returns {{ pid: number, port: number } | null} */
function readPostmasterPid(dataDir) {
  let text
  try {
    text = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8")
  } catch (error) {
    if (error.code === "ENOENT") {
      return null
    }
    throw new DatabaseSetupError(
      `Cannot read ${display(path.join(dataDir, "postmaster.pid"))} (${error.code}): the embedded PostgreSQL was started by another user. ` +
        "Run this command as that user (or root), or set EMBEDDED_PG_DATA to a folder of your own."
    )
  }
  const [pid, , , port] = text.split("\n")
  return { pid: Number(pid), port: Number(port) }
}

/**
 * True when postmaster.pid names a live process that is not a server of this data folder
 * (its PID was reused by another program), as far as /proc tells; false where it cannot tell.
 * A zombie or an exiting postmaster of this folder is not "another program": it goes away.
 */
function lockHeldByAnotherProgram(dataDir) {
  const lock = readPostmasterPid(dataDir)
  if (!lock) {
    return false
  }
  try {
    const stat = fs.readFileSync(`/proc/${lock.pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    const commandLine = fs.readFileSync(`/proc/${lock.pid}/cmdline`, "utf8").split("\0")
    return state !== "Z" && !commandLine.includes(dataDir)
  } catch {
    return false
  }
}

/** The data_directory of the server answering on host:port, or null when none answers. */
async function dataDirectoryServedOn(host, port, user) {
  if (!Number.isInteger(port) || port <= 0) {
    return null
  }
  const client = new Client({ host, port, user, database: "postgres", ssl: false, connectionTimeoutMillis: 3000 })
  client.on("error", () => {})
  try {
    await client.connect()
    const { rows } = await client.query("SHOW data_directory")
    return rows[0].data_directory
  } catch {
    return null
  } finally {
    await client.end().catch(() => {})
  }
}

function sameFolder(a, b) {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b)
  } catch {
    return path.resolve(a) === path.resolve(b)
  }
}

function fileSize(file) {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}

function readFrom(file, offset) {
  try {
    return fs.readFileSync(file).subarray(offset).toString("utf8").trim()
  } catch {
    return ""
  }
}

function outputOf(result) {
  return [result.stdout, result.stderr, result.error?.message].filter(Boolean).join("\n").trim()
}

function lastLines(text, count) {
  return text.split("\n").slice(-count).join("\n")
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n")
}

/** A path as the user should read it: relative to the project when inside it. */
function display(target) {
  const relative = path.relative(PROJECT_ROOT, target)
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : target
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

module.exports = { ensureEmbeddedPostgres, stopEmbeddedPostgres }
