#!/usr/bin/env node
/**
 * `npm run bench [-- holds=N keys=N configs=…]`: prepares a dedicated benchmark database
 * (never the development one: the benchmark deletes its own seeded rows) and runs the
 * cleanup benchmark in it through `medusa exec`.
 */
const { spawnSync } = require("child_process")
const path = require("path")

const url = process.env.BENCH_DATABASE_URL || "postgres://postgres@localhost:5432/medusa_resource_booking_bench"
const env = { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true", LOG_LEVEL: "warn" }
const root = path.resolve(__dirname, "../..")

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root })
  if (result.status !== 0) {
    process.exit(result.status ?? 1)
  }
}

run("node", ["scripts/prepare-db.js"])
run("npx", ["medusa", "exec", "./scripts/bench/cleanup.ts", ...process.argv.slice(2)])
