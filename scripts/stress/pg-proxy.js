/**
 * A TCP proxy in front of PostgreSQL, for outage tests: the app under test connects through
 * it; `cut()` drops every open connection and refuses new ones (the database is gone, as far
 * as the app can tell), `restore()` lets connections through again.
 */
const net = require("net")

async function startPgProxy({ targetHost, targetPort }) {
  const sockets = new Set()
  let open = true
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy()
      return
    }
    const upstream = net.connect(targetPort, targetHost)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
      socket.on("error", () => undefined)
    }
    client.pipe(upstream)
    upstream.pipe(client)
    client.on("close", () => upstream.destroy())
    upstream.on("close", () => client.destroy())
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    port: server.address().port,
    cut() {
      open = false
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      open = true
    },
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}

module.exports = { startPgProxy }
