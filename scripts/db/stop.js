#!/usr/bin/env node
/**
 * `npm run db:stop`: stops the project's own PostgreSQL. Exit 0 also when it was not running.
 */
const { loadEnv } = require("@medusajs/framework/utils")
const { stopEmbeddedPostgres } = require("./embedded-postgres")
const { exitWithDatabaseSetupError } = require("./database-setup-error")

loadEnv(process.env.NODE_ENV || "development", process.cwd())

stopEmbeddedPostgres().catch(exitWithDatabaseSetupError)
