#!/usr/bin/env node
/**
 * `npm run db:start`: starts the project's own PostgreSQL (or finds it running) and prints
 * the URL of the development database on it. Exit 0 once it accepts connections.
 */
const { loadEnv } = require("@medusajs/framework/utils")
const { ensureEmbeddedPostgres } = require("./embedded-postgres")
const { defaultDatabaseUrl } = require("./default-database-url")
const { exitWithDatabaseSetupError } = require("./database-setup-error")

loadEnv(process.env.NODE_ENV || "development", process.cwd())

ensureEmbeddedPostgres()
  .then(() => {
    console.log(`Development database URL: ${defaultDatabaseUrl()}`)
    if (process.env.DATABASE_URL) {
      console.log(`DATABASE_URL is set, so \`npm run dev\` uses it instead: ${process.env.DATABASE_URL}`)
    }
  })
  .catch(exitWithDatabaseSetupError)
