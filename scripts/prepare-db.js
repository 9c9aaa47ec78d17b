#!/usr/bin/env node
/**
 * Runs before `npm run dev` / `npm start`: makes sure the database named by DATABASE_URL
 * exists (creating it on the same server if not) and applies every pending migration,
 * Medusa's and the resource_booking module's. Idempotent.
 *
 * DATABASE_URL unset (neither in the environment nor in .env): the project's own PostgreSQL
 * is started or reused first and the database is defaultDatabaseUrl(), the URL
 * medusa-config.ts falls back to.
 */
const { spawnSync } = require("child_process")
const { Client } = require("pg")
const { loadEnv } = require("@medusajs/framework/utils")
const { databaseUrlOr } = require("./db/database-url")
const { DEFAULT_DATABASE_NAME } = require("./db/default-database-url")

loadEnv(process.env.NODE_ENV || "development", process.cwd())

async function ensureDatabase(url) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""))
  if (!name) {
    throw new Error(`DATABASE_URL (${url}) names no database`)
  }
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const client = new Client({ connectionString: admin.toString() })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(
      `Cannot reach PostgreSQL for DATABASE_URL=${url}: ${error.message}. ` +
        "Start PostgreSQL or point DATABASE_URL at a running server."
    )
  }
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
      console.log(`Created database ${name}`)
    }
  } finally {
    await client.end()
  }
}

async function main() {
  const { url } = await databaseUrlOr(process.env.DATABASE_URL, DEFAULT_DATABASE_NAME)
  await ensureDatabase(url)
  const migrate = spawnSync("npx", ["medusa", "db:migrate"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  if (migrate.status !== 0) {
    throw new Error(`medusa db:migrate failed with exit code ${migrate.status}`)
  }
}

main().catch((error) => {
  console.error(error.message)
  process.exit(1)
})
