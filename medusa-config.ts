import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Unset DATABASE_URL: the project's own embedded PostgreSQL (see scripts/db/).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { defaultDatabaseUrl } = require("./scripts/db/default-database-url")

const redisUrl = process.env.REDIS_URL || undefined

/** shared (default): serves HTTP and runs jobs; server: HTTP only; worker: jobs and subscribers only. */
const WORKER_MODES = ["shared", "server", "worker"] as const
type WorkerMode = (typeof WORKER_MODES)[number]

function workerMode(): WorkerMode {
  const value = process.env.MEDUSA_WORKER_MODE || "shared"
  if (!(WORKER_MODES as readonly string[]).includes(value)) {
    throw new Error(`MEDUSA_WORKER_MODE must be one of ${WORKER_MODES.join(", ")}; got "${value}"`)
  }
  return value as WorkerMode
}

/**
 * With REDIS_URL, Medusa's distributed modules: events through BullMQ queues, each
 * scheduled job once per tick across the cluster, locks and cache shared by every
 * process. Without it, Medusa's in-memory defaults (one process, or every process runs
 * every job tick: the cleanup's single-flight lock then skips the duplicates).
 */
function redisModules() {
  if (!redisUrl) {
    return []
  }
  return [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
      },
    },
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
  ]
}

/**
 * The development and test app of this repository. It loads the plugin from `src/` the
 * way a store loads the published package: the module under `modules` (a store writes
 * `plugins: [{ resolve: "medusa-resource-booking", options }]` instead) and the routes,
 * job, subscribers, workflow hook and link from `src/`. Its settings come from the
 * environment (.env.example lists them); an option here would win over its variable.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL || defaultDatabaseUrl(),
    redisUrl,
    workerMode: workerMode(),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:5173,http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:5173,http://localhost:9000,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    // The dashboard costs ~1 minute and ~2 GB to build; the API does not need it.
    // A worker serves no HTTP, so it never serves the dashboard either.
    disable: process.env.MEDUSA_ADMIN_ENABLED !== "true" || workerMode() === "worker",
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: [
    {
      resolve: "./src/modules/resource_booking",
      options: {},
    },
    ...redisModules(),
  ],
})
