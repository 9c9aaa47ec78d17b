#!/usr/bin/env node
/**
 * `npm run test:e2e`: the Admin screens in a real browser.
 *
 * 1. `medusa build` with MEDUSA_ADMIN_ENABLED=true (app + admin bundle into .medusa/server),
 *    while a scratch database on the project's embedded PostgreSQL is created, migrated
 *    (`medusa db:migrate`) and given an admin user (`medusa user`).
 * 2. The build is copied to a temp folder (node_modules and scripts/ symlinked, the root
 *    medusa-config.ts transpiled next to it) and started with `medusa start`, NODE_ENV=test
 *    (built bundle, plain-http session cookie), a cleanup schedule that cannot fire during the
 *    test and a 60 s health grace period (so the seeded overdue holds count at once).
 * 3. seed.js seeds over the admin and store APIs (plus one SQL update that makes two holds
 *    overdue); browser.js drives headless Chromium through the login form and the screens.
 *
 * Prints each check; screenshots and logs go to .e2e-screenshots/ (emptied at the start,
 * kept afterwards). Cleans up the app (its process group), the browser, the scratch
 * database, the temp folder and the embedded PostgreSQL if this run started it. Exits
 * non-zero on any failure.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { seed } = require("./seed")
const { runBrowser } = require("./browser")
const { createCheckList } = require("../lib/check-list")
const { childEnv, freePort, runMedusa, seconds, startMedusa } = require("../lib/processes")
const { createScratchDatabase } = require("../lib/scratch-database")
const { createCleanupRegistry } = require("../lib/cleanup-registry")
const { prepareRunFolder, quietSchedule } = require("../lib/built-app")

const ROOT = path.resolve(__dirname, "../..")
const ARTIFACTS = path.join(ROOT, ".e2e-screenshots")
const LOGS = path.join(ARTIFACTS, "logs")
const ADMIN = { email: "admin@e2e.local", password: `e2e-${process.pid}-${Date.now()}` }

const { step, check, fail, report, elapsed } = createCheckList()
const { cleanups, cleanUp, wasInterrupted } = createCleanupRegistry()

/** The built app in `runDir` (see prepareRunFolder), which must include the Admin bundle. */
function prepareAdminRunFolder(runDir) {
  prepareRunFolder(runDir)
  if (!fs.existsSync(path.join(runDir, "public", "admin", "index.html"))) {
    throw new Error(".medusa/server has no public/admin/index.html: the admin was not built")
  }
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true })
  fs.mkdirSync(LOGS, { recursive: true })
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-e2e-"))
  cleanups.push(() => fs.rmSync(runDir, { recursive: true, force: true }))
  console.log(`test:e2e — the Admin screens in headless Chromium (screenshots and logs: ${path.relative(ROOT, ARTIFACTS)}/)`)

  step("embedded PostgreSQL and a scratch database")
  const scratch = await createScratchDatabase("medusa_rb_e2e", { log: (line) => console.log(`  ${line}`), cleanups })
  const databaseUrl = scratch.url
  console.log(`  database ${scratch.name} on ${scratch.host}:${scratch.port}`)

  step("medusa build (admin enabled) ‖ medusa db:migrate + medusa user on the scratch database")
  const dbEnv = childEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" })
  const log = (name) => path.join(LOGS, name)
  const built = runMedusa(["build"], { env: childEnv({ MEDUSA_ADMIN_ENABLED: "true" }), logFile: log("build.log"), cleanups })
  const migrated = runMedusa(["db:migrate"], { env: dbEnv, logFile: log("migrate.log"), cleanups }).then(async (migrateSeconds) => {
    const userSeconds = await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env: dbEnv, logFile: log("user.log"), cleanups })
    return { migrateSeconds, userSeconds }
  })
  const [buildResult, migrateResult] = await Promise.allSettled([built, migrated])
  await check("medusa build with MEDUSA_ADMIN_ENABLED=true writes the app and the admin bundle", async () => {
    if (buildResult.status === "rejected") throw buildResult.reason
    prepareAdminRunFolder(runDir)
    return `${buildResult.value} s; copied to ${runDir}`
  })
  await check("medusa db:migrate and medusa user on the scratch database", async () => {
    if (migrateResult.status === "rejected") throw migrateResult.reason
    return `migrated in ${migrateResult.value.migrateSeconds} s, user ${ADMIN.email} in ${migrateResult.value.userSeconds} s`
  })

  step("medusa start (NODE_ENV=test, built admin)")
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const schedule = quietSchedule()
  const appEnv = childEnv({
    DATABASE_URL: databaseUrl,
    NODE_ENV: "test",
    MEDUSA_ADMIN_ENABLED: "true",
    JWT_SECRET: "e2e-jwt-secret",
    COOKIE_SECRET: "e2e-cookie-secret",
    ADMIN_CORS: baseUrl,
    AUTH_CORS: baseUrl,
    STORE_CORS: baseUrl,
    HOLD_CLEANUP_INTERVAL: schedule,
    HOLD_HEALTH_GRACE_SECONDS: "60",
  })
  let app
  await check("the built app starts and GET /health answers 200", async () => {
    const started = Date.now()
    app = await startMedusa({ cwd: runDir, env: appEnv, port, logFile: path.join(LOGS, "medusa.log"), cleanups })
    return `port ${port} after ${seconds(started)} s (pid ${app.pid}); cleanup schedule "${schedule}" (will not fire), health grace 60 s`
  })

  step("seed over the admin and store APIs")
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  cleanups.push(() => db.end())
  const seeded = await seed({ baseUrl, db, admin: ADMIN, check })

  step("the Admin in headless Chromium")
  await runBrowser({ baseUrl, admin: ADMIN, seeded, screenshots: ARTIFACTS, check, cleanups })
}

main()
  .catch(fail)
  .then(cleanUp)
  .then(() => {
    const where = path.relative(ROOT, ARTIFACTS)
    const ok = report("test:e2e", { passed: `; screenshots in ${where}/`, failed: `; screenshots and logs in ${where}/` })
    process.exit(wasInterrupted() ? 130 : ok ? 0 : 1)
  })
