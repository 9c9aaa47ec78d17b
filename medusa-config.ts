import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Unset DATABASE_URL: the project's own embedded PostgreSQL (see scripts/db/).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { defaultDatabaseUrl } = require("./scripts/db/default-database-url")

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
      options: {},
    },
  ],
})
