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

/**
 * What `medusa start` needs next to the copied build: the project's node_modules, the
 * scripts/db helpers the config requires, and medusa-config.js (the build compiles src/ only).
 */
function prepareRunFolder(runDir) {
  fs.cpSync(path.join(ROOT, ".medusa", "server"), runDir, { recursive: true })
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(runDir, "node_modules"), "dir")
  fs.symlinkSync(path.join(ROOT, "scripts"), path.join(runDir, "scripts"), "dir")
  const ts = require("typescript")
  const source = fs.readFileSync(path.join(ROOT, "medusa-config.ts"), "utf8")
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
  })
  fs.writeFileSync(path.join(runDir, "medusa-config.js"), outputText)
}

/**
 * A daily schedule 12 hours from now (local time, as the scheduler reads it): the cleanup
 * job never fires during the benchmark, so no run competes with the load or expires holds.
 */
function quietSchedule() {
  const at = new Date(Date.now() + 12 * 3600 * 1000)
  return `${at.getMinutes()} ${at.getHours()} * * *`
}

module.exports = { runMedusa, prepareRunFolder, quietSchedule, seconds }
