#!/usr/bin/env node
/**
 * `npm run check:plugin [-- --medusa <version>]`: proves the published package works in a
 * store that is not this repository, on a given Medusa 2.x version (default: the
 * repository's). Builds and packs the plugin, checks what the tarball ships, creates a
 * throwaway Medusa app of that version in a temp folder that installs the tarball with a
 * plain `npm install` (peer ranges checked: an ERESOLVE fails the check; --prefer-offline
 * only reuses the npm cache) and registers it with options, checks that one copy of each
 * Medusa package got installed, migrates a scratch database, starts the app and runs the
 * scenario in scenario.js over HTTP. Prints each check; cleans up the temp
 * folder, the database and every process it started (by process group), also on SIGINT or
 * SIGTERM (then exits 130); exits non-zero on any failure.
 *
 * Database server: CHECK_PLUGIN_DATABASE_URL's, else DATABASE_URL's, else the project's
 * embedded PostgreSQL (scripts/db). The scratch database is created and dropped on it.
 */
const { spawnSync } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { loadEnv } = require("@medusajs/framework/utils")
const {
  writeConsumerApp,
  writeConsumerConfig,
  writeStoreValidateHook,
  STORE_HOOK_MARKER,
  PLUGIN_OPTIONS,
} = require("./consumer-app")
const { medusaVersionFromArgs, checkInstalledVersions } = require("./store-versions")
const { packProblems } = require("./pack-contents")
const { runScenario, runOwnValidateHookScenario } = require("./scenario")
const { createCheckList } = require("../lib/check-list")
const { childEnv, freePort, stopGroup, startMedusa } = require("../lib/processes")
const { createScratchDatabase } = require("../lib/scratch-database")
const { createCleanupRegistry } = require("../lib/cleanup-registry")

const ROOT = path.resolve(__dirname, "../..")
/** The Admin routes the plugin's extension registers (under /app). */
const ADMIN_ROUTES = ["/resource-booking", "/resource-booking/resources", "/resource-booking/resources/:id", "/resource-booking/holds"]
/** Variables the consumer gets on top of the options, to show that an option wins over its variable. */
const LOSING_VARIABLES = { HOLD_TTL_MINUTES: "45", HOLD_CLEANUP_INTERVAL: "*/9 * * * *" }

const { step, check, fail, report } = createCheckList()
const { cleanups, cleanUp, wasInterrupted } = createCleanupRegistry()

/** Runs a command to completion, output shown; throws naming it on a non-zero exit. */
function run(command, args, options = {}) {
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: "inherit", ...options })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`)
  }
  return ((Date.now() - started) / 1000).toFixed(1)
}

/**
 * `npx medusa start` in the store (startMedusa): resolves once GET /health answers 200. Every
 * start appends to the store's medusa.log, so `logText()` holds the earlier starts' lines too.
 */
function startConsumer(appDir, env, port) {
  const logFile = path.join(appDir, "medusa.log")
  return startMedusa({ cwd: appDir, env, port, logFile, cleanups, command: ["npx", "medusa", "start"], appendLog: true })
}

/**
 * The store's `npm install`: plain, whatever the user's npm config says (legacy-peer-deps or
 * force would install a plugin whose peer ranges do not match). Throws with npm's ERESOLVE
 * explanation when the ranges refuse the store's Medusa version.
 */
function installStore(appDir) {
  const started = Date.now()
  const result = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: appDir,
    env: childEnv({ npm_config_legacy_peer_deps: "false", npm_config_force: "false" }),
    encoding: "utf8",
  })
  process.stdout.write(result.stdout)
  if (result.status !== 0) {
    const lines = result.stderr.trim().split("\n")
    const eresolve = lines.some((line) => line.includes("ERESOLVE"))
    throw new Error(
      `npm install ${eresolve ? "refused the plugin's peer ranges (ERESOLVE)" : `exited with ${result.status}`}:\n      ` +
        lines.slice(0, 40).join("\n      ")
    )
  }
  return ((Date.now() - started) / 1000).toFixed(1)
}

async function main() {
  const medusaVersion = medusaVersionFromArgs(process.argv.slice(2))
  loadEnv(process.env.NODE_ENV || "development", ROOT)
  const buildEnv = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-check-"))
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }))
  console.log(`check:plugin — medusa-resource-booking in a fresh Medusa ${medusaVersion} app (temp folder ${tmp})`)

  step("npm run build (medusa plugin:build)")
  const buildSeconds = run("npm", ["run", "--silent", "build"], { cwd: ROOT, env: buildEnv })

  step("npm pack")
  // Built just above: --ignore-scripts skips the prepack build.
  const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: ROOT, env: buildEnv, encoding: "utf8" })
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`)
  const [{ filename, files }] = JSON.parse(packed.stdout)
  const tarball = path.join(tmp, path.basename(filename))
  await check(`the tarball ships the built plugin, README and package.json only (${files.length} files)`, async () => {
    const problems = packProblems(files.map((file) => file.path))
    if (problems.length) throw new Error(problems.join("\n      "))
    return `built in ${buildSeconds} s, ${path.basename(tarball)}`
  })

  step(`consumer app on Medusa ${medusaVersion}: package.json + medusa-config.ts, plain npm install`)
  const appDir = path.join(tmp, "store")
  fs.mkdirSync(appDir)
  writeConsumerApp(appDir, tarball, medusaVersion)
  console.log(`  plugins: [{ resolve: "medusa-resource-booking", options: ${JSON.stringify(PLUGIN_OPTIONS)} }]`)
  console.log(`  environment also sets ${Object.entries(LOSING_VARIABLES).map(([k, v]) => `${k}=${v}`).join(", ")}: the options must win`)
  await check(`npm install accepts the plugin's peer ranges on Medusa ${medusaVersion} (no --legacy-peer-deps, no --force)`, async () => {
    return `installed in ${installStore(appDir)} s`
  })
  await check(`one copy of each Medusa package, the server ones at ${medusaVersion}`, async () => checkInstalledVersions(appDir, medusaVersion))
  await check("the package's exports resolve in the store (workflows, modules/*, admin, package.json)", async () => {
    const probe = `
      const workflows = require("medusa-resource-booking/workflows")
      const mod = require("medusa-resource-booking/modules/resource_booking")
      require.resolve("medusa-resource-booking/admin")
      const pkg = require("medusa-resource-booking/package.json")
      if (typeof workflows.createHoldWorkflow !== "function") throw new Error("no createHoldWorkflow")
      if (mod.RESOURCE_BOOKING_MODULE !== "resource_booking") throw new Error("no RESOURCE_BOOKING_MODULE")
      console.log(pkg.name + "@" + pkg.version + ": " + Object.keys(workflows).filter((k) => k.endsWith("Workflow")).length + " workflows")
    `
    const result = spawnSync("node", ["-e", probe], { cwd: appDir, env: childEnv(), encoding: "utf8" })
    if (result.status !== 0) throw new Error(result.stderr.trim().split("\n").slice(-5).join("\n      "))
    return result.stdout.trim()
  })

  await check("the installed package carries the Admin extension (routes, sidebar entry, widgets)", async () => {
    const bundle = fs.readFileSync(
      path.join(appDir, "node_modules", "medusa-resource-booking", ".medusa", "server", "src", "admin", "index.mjs"),
      "utf8"
    )
    const expected = [
      ...ADMIN_ROUTES.map((route) => `path: "${route}"`),
      '"Resource booking"',
      '"order.details.after"',
      '"product_variant.details.after"',
    ]
    const missing = expected.filter((text) => !bundle.includes(text))
    if (missing.length) throw new Error(`admin/index.mjs lacks ${missing.join(", ")}`)
    return `${ADMIN_ROUTES.join(", ")}; widgets on order and variant pages (${(bundle.length / 1024).toFixed(0)} KB)`
  })

  await check("a store's TypeScript sees the plugin's types (options, module service, workflows)", async () => {
    fs.writeFileSync(
      path.join(appDir, "plugin-types.ts"),
      `import { createHoldWorkflow } from "medusa-resource-booking/workflows"
import {
  RESOURCE_BOOKING_MODULE,
  ResourceBookingModuleService,
  ResourceBookingPluginOptions,
} from "medusa-resource-booking/modules/resource_booking"

export const options: ResourceBookingPluginOptions = { holdTtlMinutes: 20, lockTimeoutMs: 1500 }
// @ts-expect-error an option the plugin does not have
export const typo: ResourceBookingPluginOptions = { holdTTLMinutes: 20 }
export const key: "resource_booking" = RESOURCE_BOOKING_MODULE
export type CreateHold = ResourceBookingModuleService["createHold"]
export const workflow: typeof createHoldWorkflow = createHoldWorkflow
`
    )
    fs.writeFileSync(
      path.join(appDir, "tsconfig.types.json"),
      JSON.stringify({
        compilerOptions: { module: "Node16", moduleResolution: "Node16", target: "ES2021", strict: true, noEmit: true, skipLibCheck: true, types: ["node"], experimentalDecorators: true },
        files: ["plugin-types.ts"],
      })
    )
    const result = spawnSync("npx", ["tsc", "-p", "tsconfig.types.json"], { cwd: appDir, env: childEnv(), encoding: "utf8" })
    if (result.status !== 0) throw new Error((result.stdout + result.stderr).trim().split("\n").slice(0, 8).join("\n      "))
    return "tsc --noEmit: no errors, and the misspelt option is refused"
  })

  step("scratch database, npx medusa db:migrate, npx medusa user")
  const { url: databaseUrl } = await createScratchDatabase("medusa_rb_plugin_check", {
    serverUrl: process.env.CHECK_PLUGIN_DATABASE_URL || process.env.DATABASE_URL,
    log: (line) => console.log(`  ${line}`),
    cleanups,
  })
  const env = childEnv({ DATABASE_URL: databaseUrl, ...LOSING_VARIABLES })
  const quiet = { ...env, LOG_LEVEL: "warn" }
  const migrateSeconds = run("npx", ["medusa", "db:migrate"], { cwd: appDir, env: quiet })
  console.log(`  migrated in ${migrateSeconds} s`)
  const admin = { email: "admin@check-plugin.local", password: `check-${process.pid}-${Date.now()}` }
  run("npx", ["medusa", "user", "-e", admin.email, "-p", admin.password], { cwd: appDir, env: quiet })

  step("npx medusa start")
  const port = await freePort()
  const started = Date.now()
  const app = await startConsumer(appDir, env, port)
  console.log(`  /health 200 on port ${port} after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${app.pid})`)

  step("checks over HTTP")
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  cleanups.push(() => db.end())
  const ctx = await runScenario({ baseUrl: `http://127.0.0.1:${port}`, db, admin, options: PLUGIN_OPTIONS, logText: app.logText, check })

  step("registerCartValidateHook: false and a validate handler of the store's own")
  await stopGroup(app.pid)
  writeConsumerConfig(appDir, { ...PLUGIN_OPTIONS, registerCartValidateHook: false })
  writeStoreValidateHook(appDir)
  const ownHookPort = await freePort()
  const ownHookApp = await startConsumer(appDir, env, ownHookPort)
  await runOwnValidateHookScenario({ baseUrl: `http://127.0.0.1:${ownHookPort}`, ctx, logText: ownHookApp.logText, marker: STORE_HOOK_MARKER, check })

  step("a bad option in the store's medusa-config.ts")
  await stopGroup(ownHookApp.pid)
  await check("holdTtlMinutes: 0 stops the store's start-up with a message naming the option", async () => {
    writeConsumerConfig(appDir, { ...PLUGIN_OPTIONS, holdTtlMinutes: 0 })
    const expected = "Invalid medusa-resource-booking option holdTtlMinutes: 0."
    try {
      await startConsumer(appDir, env, await freePort())
    } catch (error) {
      const line = error.message.split("\n").find((text) => text.includes(expected))
      if (!line) throw new Error(`start-up failed without naming the option: ${error.message}`)
      return line.replace(/\u001b\[[0-9;]*m/g, "").trim()
    }
    throw new Error("the store started with holdTtlMinutes: 0")
  })

  step("the store's Admin, built with the plugin's extension")
  await check("medusa build with the Admin on bundles the plugin's screens into the store's Admin", async () => {
    writeConsumerConfig(appDir, PLUGIN_OPTIONS, { admin: true })
    const seconds = run("npx", ["medusa", "build"], { cwd: appDir, env: { ...env, LOG_LEVEL: "warn" } })
    const assets = path.join(appDir, ".medusa", "server", "public", "admin", "assets")
    const withExtension = fs
      .readdirSync(assets)
      .filter((file) => file.endsWith(".js"))
      .filter((file) => {
        const text = fs.readFileSync(path.join(assets, file), "utf8")
        return text.includes("Resource booking") && text.includes("/resource-booking/resources/:id")
      })
    if (!withExtension.length) throw new Error(`no built Admin asset in ${assets} has the plugin's routes`)
    return `built in ${seconds} s; the extension is in ${withExtension.join(", ")}`
  })
}

main()
  .catch(fail)
  .then(cleanUp)
  .then(() => {
    const ok = report("check:plugin")
    process.exit(wasInterrupted() ? 130 : ok ? 0 : 1)
  })
