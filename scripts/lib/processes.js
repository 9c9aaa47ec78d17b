/** Ports, process groups and environments for the scripts that start Medusa apps of their own. */
const net = require("net")

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

module.exports = { freePort, stopGroup, childEnv }
