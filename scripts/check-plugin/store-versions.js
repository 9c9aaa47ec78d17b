/**
 * The Medusa version a consumer check runs on (`--medusa <version>`), and what the store's
 * `npm install` really put in node_modules: one copy of each @medusajs/* package the plugin
 * peers on, each inside the plugin's declared range, the server ones at exactly the store's
 * version, and every plugin Medusa itself registers (draft orders) where the store finds it.
 */
const { spawnSync } = require("child_process")
const fs = require("fs")
const path = require("path")
const semver = require("semver")
const { MEDUSA_VERSION } = require("./consumer-app")

/** Packages the store pins to its Medusa version. */
const SERVER_PACKAGES = ["@medusajs/framework", "@medusajs/medusa", "@medusajs/admin-sdk"]
/**
 * The plugin's optional peers: the Admin (a dependency of @medusajs/medusa) brings them at the
 * store's version. A second copy would be a defect: the plugin's screens call `@medusajs/ui`'s
 * toasts and prompts, whose providers the Admin mounts from its own copy.
 */
const ADMIN_PEERS = ["@medusajs/icons", "@medusajs/js-sdk", "@medusajs/ui"]

/**
 * `--medusa 2.19.0` or `--medusa=2.19.0` from argv; the repository's version without it.
 * Throws naming the argument when it is not an exact 2.x version (a range would let npm pick).
 */
function medusaVersionFromArgs(argv) {
  let version = MEDUSA_VERSION
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--medusa") {
      version = argv[++i]
    } else if (arg.startsWith("--medusa=")) {
      version = arg.slice("--medusa=".length)
    } else {
      throw new Error(`Unknown argument ${JSON.stringify(arg)}: the only option is --medusa <version>, e.g. --medusa ${MEDUSA_VERSION}`)
    }
  }
  if (!/^2\.\d+\.\d+$/.test(version || "")) {
    throw new Error(`--medusa must be an exact Medusa 2.x version such as ${MEDUSA_VERSION}, got ${JSON.stringify(version)}`)
  }
  return version
}

/**
 * Every installed copy of `name` in the store: [{ dir, version }], `dir` relative to the store.
 * Nested copies (node_modules/x/node_modules/@medusajs/…) count: they are what breaks a store.
 */
function installedCopies(appDir, name) {
  const found = spawnSync(
    "find",
    [path.join(appDir, "node_modules"), "-path", `*/node_modules/${name}/package.json`, "-not", "-path", `*/node_modules/${name}/*/*`],
    { encoding: "utf8" }
  )
  return found.stdout
    .split("\n")
    .filter(Boolean)
    .map((file) => ({ dir: path.relative(appDir, path.dirname(file)), version: JSON.parse(fs.readFileSync(file, "utf8")).version }))
}

/**
 * What the install put in the store: throws naming each package that is missing, installed
 * twice, outside the plugin's range, or (server packages) not at `medusaVersion`, and each
 * plugin @medusajs/medusa registers by default that the store's root cannot resolve.
 * Returns a one-line summary of the versions.
 */
function checkInstalledVersions(appDir, medusaVersion) {
  const plugin = JSON.parse(fs.readFileSync(path.join(appDir, "node_modules", "medusa-resource-booking", "package.json"), "utf8"))
  const medusa = JSON.parse(fs.readFileSync(path.join(appDir, "node_modules", "@medusajs", "medusa", "package.json"), "utf8"))
  const problems = []
  const summary = []
  for (const name of [...SERVER_PACKAGES, ...ADMIN_PEERS]) {
    const copies = installedCopies(appDir, name)
    if (!copies.length) {
      problems.push(`${name} is not installed`)
      continue
    }
    if (copies.length > 1) {
      problems.push(`${name} is installed ${copies.length} times: ${copies.map((c) => `${c.dir}@${c.version}`).join(", ")}`)
    }
    for (const { dir, version } of copies) {
      const range = plugin.peerDependencies[name]
      if (!semver.satisfies(version, range)) problems.push(`${dir}@${version} is outside the plugin's peer range ${range}`)
      if (SERVER_PACKAGES.includes(name) && version !== medusaVersion) problems.push(`${dir} is ${version}, not the store's ${medusaVersion}`)
    }
    summary.push(`${name.replace("@medusajs/", "")} ${copies.map((copy) => copy.version).join(" + ")}`)
  }
  // defineConfig registers @medusajs/draft-order (where Medusa has it) and resolves it from the store.
  if (medusa.dependencies?.["@medusajs/draft-order"]) {
    const atRoot = installedCopies(appDir, "@medusajs/draft-order").some((copy) => copy.dir === path.join("node_modules", "@medusajs", "draft-order"))
    if (!atRoot) problems.push("@medusajs/draft-order (registered by Medusa's defineConfig) is not resolvable from the store's root")
  }
  if (problems.length) throw new Error(problems.join("\n      "))
  return summary.join(", ")
}

module.exports = { medusaVersionFromArgs, checkInstalledVersions }
