/**
 * A Medusa cluster on one machine, as production runs it: `server` processes (HTTP only)
 * and `worker` processes (scheduled jobs and subscribers), every one `medusa start` of the
 * same build with its own port and process group, sharing one database and, when
 * `redisUrl` is given, one Redis (Medusa's Redis event bus, workflow engine, locking and
 * cache, through the repository's medusa-config).
 */
const path = require("path")
const { childEnv, freePort, startMedusa, stopGroup } = require("../lib/processes")

/** The cleanup schedule of the check: a 6-field cron, every 5 seconds. */
const TICK_MS = 5000
const SCHEDULE = "*/5 * * * * *"

/**
 * Starts `servers` server and `workers` worker processes of the build in `runDir`, all at
 * once; resolves when each answers GET /health. Each is { name, mode, pid, port, url,
 * logFile, exited, stop, kill }.
 */
async function startCluster({ runDir, logDir, label, databaseUrl, redisUrl, servers, workers, nodeEnv = "production", cleanups }) {
  const specs = [
    ...Array.from({ length: servers }, (_, i) => ({ name: `server-${i + 1}`, mode: "server" })),
    ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, mode: "worker" })),
  ]
  return await Promise.all(
    specs.map(async (spec) => {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      const logFile = path.join(logDir, `${label}-${spec.name}.log`)
      const env = childEnv({
        DATABASE_URL: databaseUrl,
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        MEDUSA_WORKER_MODE: spec.mode,
        NODE_ENV: nodeEnv,
        JWT_SECRET: "cluster-jwt-secret",
        COOKIE_SECRET: "cluster-cookie-secret",
        STORE_CORS: url,
        ADMIN_CORS: url,
        AUTH_CORS: url,
        HOLD_CLEANUP_INTERVAL: SCHEDULE,
        // A run the check slows down on purpose waits for its key instead of timing out.
        HOLD_LOCK_TIMEOUT_MS: "60000",
      })
      const app = await startMedusa({ cwd: runDir, env, port, logFile, cleanups, timeoutMs: 240_000 })
      return {
        ...spec,
        pid: app.pid,
        port,
        url,
        logFile,
        exited: app.exited,
        stop: () => stopGroup(app.pid),
        kill: () => process.kill(-app.pid, "SIGKILL"),
      }
    })
  )
}

async function stopCluster(processes) {
  await Promise.all(processes.map((p) => p.stop()))
}

module.exports = { startCluster, stopCluster, TICK_MS, SCHEDULE }
