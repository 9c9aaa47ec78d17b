/**
 * The production app the HTTP benchmark measures: `medusa build` (no Admin), the build copied
 * to a run folder, `medusa db:migrate` and `medusa user` on the scratch database (then
 * `medusa start` with NODE_ENV=production, by lib/processes.js's startMedusa). Every process
 * runs in its own process group, output to a log file in `logDir`; each registers its stop
 * (by PID) in `cleanups`.
 */
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { MEDUSA, stopGroup, tail } = require("../../lib/processes")

const ROOT = path.resolve(__dirname, "../../..")

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1)

/**
 * `medusa <args>` to completion in its own process group: resolves with its duration in
 * seconds, rejects with the log's last lines on a non-zero exit.
 */
function runMedusa(args, { cwd = ROOT, env, logFile, cleanups }) {
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

module.exports = { runMedusa, seconds }
