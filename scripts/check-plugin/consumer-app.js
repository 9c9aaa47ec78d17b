/**
 * A throwaway Medusa store, on any 2.x version, that installs the packed plugin the way a
 * store owner does: its own package.json (the starter's dependencies, every @medusajs/* one
 * at the store's version, plus the tarball) and a medusa-config.ts that registers the plugin
 * with options. The plugin's other peers (@medusajs/icons, js-sdk, ui) are not listed: npm
 * installs them from the peer ranges, as it does in a store made by create-medusa-app.
 */
const fs = require("fs")
const path = require("path")

/** The repository's own Medusa version: the store's version unless `--medusa` names another. */
const MEDUSA_VERSION = require("../../package.json").devDependencies["@medusajs/framework"]

/** The options the consumer passes; the check expects each to take effect. */
const PLUGIN_OPTIONS = { holdTtlMinutes: 20, cleanupInterval: "*/7 * * * *" }

/** Writes the store into `dir`, on Medusa `medusaVersion`, depending on the plugin's `tarball`. */
function writeConsumerApp(dir, tarball, medusaVersion = MEDUSA_VERSION) {
  const rootPkg = require("../../package.json")
  const pkg = {
    name: "resource-booking-consumer-check",
    version: "0.0.0",
    private: true,
    scripts: { start: "medusa start" },
    dependencies: {
      "@medusajs/admin-sdk": medusaVersion,
      "@medusajs/cli": medusaVersion,
      "@medusajs/framework": medusaVersion,
      "@medusajs/medusa": medusaVersion,
      "medusa-resource-booking": `file:${tarball}`,
    },
    devDependencies: {
      "@swc/core": rootPkg.devDependencies["@swc/core"],
      "@types/node": rootPkg.devDependencies["@types/node"],
      "ts-node": rootPkg.devDependencies["ts-node"],
      typescript: rootPkg.devDependencies.typescript,
    },
    engines: { node: ">=20" },
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
  writeConsumerConfig(dir, PLUGIN_OPTIONS)
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2021",
          module: "Node16",
          moduleResolution: "Node16",
          esModuleInterop: true,
          skipLibCheck: true,
          outDir: "./.medusa/server",
        },
        include: ["medusa-config.ts"],
      },
      null,
      2
    ) + "\n"
  )
}

/** What the store's own validate handler logs, with the cart id, each time it runs. */
const STORE_HOOK_MARKER = "store validate hook ran for"

/**
 * A validate handler of the store's own (`src/workflows/hooks/`), which takes the plugin's
 * check into it: what a store does with `registerCartValidateHook: false`.
 */
function writeStoreValidateHook(dir) {
  const hooks = path.join(dir, "src", "workflows", "hooks")
  fs.mkdirSync(hooks, { recursive: true })
  fs.writeFileSync(
    path.join(hooks, "validate-cart.ts"),
    `import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { validateCartHolds } from "medusa-resource-booking/workflows"

completeCartWorkflow.hooks.validate(async (input, context) => {
  console.log("${STORE_HOOK_MARKER} " + (input.cart as { id: string }).id)
  await validateCartHolds(input, context)
})
`
  )
}

/** The store's medusa-config.ts, registering the plugin with `options` (the Admin off unless `admin`). */
function writeConsumerConfig(dir, options, { admin = false } = {}) {
  fs.writeFileSync(
    path.join(dir, "medusa-config.ts"),
    `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: "consumer-check",
      cookieSecret: "consumer-check",
    },
  },
  admin: { disable: ${!admin} },
  plugins: [
    {
      resolve: "medusa-resource-booking",
      options: ${JSON.stringify(options)},
    },
  ],
})
`
  )
}

module.exports = {
  writeConsumerApp,
  writeConsumerConfig,
  writeStoreValidateHook,
  STORE_HOOK_MARKER,
  PLUGIN_OPTIONS,
  MEDUSA_VERSION,
}
