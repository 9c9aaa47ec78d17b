#!/usr/bin/env node
/**
 * `npm run test:cleanup-script [-- --keep]`: runs scripts/test-cleanup-job.ts through
 * `medusa exec`, which refuses unknown `--flags`; `--keep` is passed on as the word `keep`.
 */
const { spawnSync } = require("child_process")
const path = require("path")

const args = process.argv.slice(2).map((arg) => (arg === "--keep" ? "keep" : arg))
const result = spawnSync("npx", ["medusa", "exec", "./scripts/test-cleanup-job.ts", ...args], {
  stdio: "inherit",
  cwd: path.resolve(__dirname, ".."),
  env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
})
process.exit(result.status ?? 1)
