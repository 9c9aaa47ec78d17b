/** Ports and process groups for the scripts that start Medusa apps of their own. */
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

module.exports = { freePort, stopGroup }
