import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/** Local default: the Postgres every development machine of this project runs. */
const DEFAULT_DATABASE_URL = "postgres://postgres@localhost:5432/medusa_resource_booking"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: process.env.REDIS_URL || undefined,
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
    disable: process.env.MEDUSA_ADMIN_ENABLED !== "true",
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: [
    {
      resolve: "./src/modules/resource_booking",
      options: {
        ttl_minutes: process.env.HOLD_TTL_MINUTES,
        max_hold_lifetime_minutes: process.env.HOLD_MAX_LIFETIME_MINUTES,
        lock_timeout_ms: process.env.HOLD_LOCK_TIMEOUT_MS,
        cleanup_batch_size: process.env.HOLD_CLEANUP_BATCH_SIZE,
        cleanup_interval: process.env.HOLD_CLEANUP_INTERVAL,
        cleanup_slow_ms: process.env.HOLD_CLEANUP_SLOW_MS,
        expiry_alert_threshold: process.env.HOLD_EXPIRY_ALERT_THRESHOLD,
        run_retention_days: process.env.HOLD_CLEANUP_RUN_RETENTION_DAYS,
        run_retention_count: process.env.HOLD_CLEANUP_RUN_RETENTION_COUNT,
        health_grace_seconds: process.env.HOLD_HEALTH_GRACE_SECONDS,
        health_overdue_critical: process.env.HOLD_HEALTH_OVERDUE_CRITICAL,
        health_stale_run_intervals: process.env.HOLD_HEALTH_STALE_RUN_INTERVALS,
      },
    },
  ],
})
