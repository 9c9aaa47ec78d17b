/** Ports, process groups, environments and logs for the scripts that start Medusa apps of their own. */
const { spawn } = require("child_process")
const fs = require("fs")
const net = require("net")
const path = require("path")

/** This repository's medusa CLI. */
const MEDUSA = path.resolve(__dirname, "../..", "node_modules", ".bin", "medusa")

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** SIGTERM to the process group `pid` leads (spawned with detached: true), SIGKILL after 10 s if any of it is left. */
async function stopGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (!pid || !alive()) return
  process.kill(-pid, "SIGTERM")
  const deadline = Date.now() + 10_000
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
  if (alive()) process.kill(-pid, "SIGKILL")
}

/**
 * The environment of a Medusa process started by these scripts: this shell's, without this
 * repository's database, booking and npm settings (the started app gets only what `extra`
 * gives it), telemetry off.
 */
function childEnv(extra = {}) {
  const env = { ...process.env }
  for (const name of Object.keys(env)) {
    if (
      /^(HOLD_|DB_|PG|EMBEDDED_PG_|npm_)/.test(name) ||
      ["DATABASE_URL", "REDIS_URL", "NODE_OPTIONS", "NODE_ENV", "INIT_CWD"].includes(name)
    ) {
      delete env[name]
    }
  }
  return { ...env, MEDUSA_DISABLE_TELEMETRY: "true", ...extra }
}

/** The last `lines` lines of a log file, colour codes removed; "(no log)" if it cannot be read. */
function tail(file, lines) {
  try {
    return fs
      .readFileSync(file, "utf8")
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .slice(-lines)
      .join("\n")
  } catch {
    return "(no log)"
  }
}

/**
 * `medusa start` (`command`, this repository's CLI by default) in `cwd`, in its own process
 * group, PORT=`port` on top of `env`, output to `logFile` (truncated, or appended to with
 * `appendLog`); its stop (by PID) goes to `cleanups`. Resolves once GET /health answers 200
 * with { pid, exited: () => exit code or signal (null while running), logText: () => the
 * whole log }; rejects with the log's last 30 lines if the app exits first or /health does
 * not answer 200 within `timeoutMs`.
 */
async function startMedusa({ cwd, env, port, logFile, cleanups, command = [MEDUSA, "start"], appendLog = false, timeoutMs = 180_000 }) {
  const out = fs.openSync(logFile, appendLog ? "a" : "w")
  const [bin, ...args] = command
  const child = spawn(bin, args, { cwd, env: { ...env, PORT: String(port) }, detached: true, stdio: ["ignore", out, out] })
  fs.closeSync(out)
  cleanups.push(() => stopGroup(child.pid))
  let exited = null
  child.once("exit", (code, signal) => (exited = code ?? signal))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`medusa start exited (${exited}); last lines:\n${tail(logFile, 30)}`)
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      if (response.status === 200) {
        return { pid: child.pid, exited: () => exited, logText: () => fs.readFileSync(logFile, "utf8") }
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`GET /health did not answer 200 within ${timeoutMs / 1000} s; last lines:\n${tail(logFile, 30)}`)
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1)

/**
 * `medusa <args>` to completion in its own process group: resolves with its duration in
 * seconds, rejects with the log's last lines on a non-zero exit.
 */
function runMedusa(args, { cwd = path.resolve(__dirname, "../.."), env, logFile, cleanups }) {
  const out = fs.openSync(logFile, "w")
  const started = Date.now()
  const child = spawn(MEDUSA, args, { cwd, env, detached: true, stdio: ["ignore", out, out] })
  fs.closeSync(out)
  cleanups.push(() => stopGroup(child.pid))
  return new Promise((resolve, reject) => {
    child.once("error", reject)
    child.once("exit", (code, signal) => {
      if (code === 0) return resolve(seconds(started))
      reject(new Error(`medusa ${args.join(" ")} exited with ${code ?? signal}; last lines of ${logFile}:\n${tail(logFile, 25)}`))
    })
  })
}

module.exports = { MEDUSA, freePort, stopGroup, childEnv, tail, startMedusa, runMedusa, seconds }

