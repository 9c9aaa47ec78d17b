/**
 * Running the project's own `medusa build` output the way a store deploys it: a run folder
 * next to the repository, and a cleanup schedule that stays out of the way.
 */
const fs = require("fs")
const path = require("path")

const ROOT = path.resolve(__dirname, "../..")

/**
 * Copies .medusa/server into `runDir` with what `medusa start` needs next to it: the project's
 * node_modules, the scripts/db helpers the config requires, and medusa-config.js (the build
 * compiles src/ only). `moduleOptions`, when given, become the resource_booking module's
 * options in that config (a control run's test-only options).
 */
function prepareRunFolder(runDir, { moduleOptions } = {}) {
  fs.cpSync(path.join(ROOT, ".medusa", "server"), runDir, { recursive: true })
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(runDir, "node_modules"), "dir")
  fs.symlinkSync(path.join(ROOT, "scripts"), path.join(runDir, "scripts"), "dir")
  const ts = require("typescript")
  const source = fs.readFileSync(path.join(ROOT, "medusa-config.ts"), "utf8")
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
  })
  fs.writeFileSync(path.join(runDir, "medusa-config.js"), moduleOptions ? withModuleOptions(outputText, moduleOptions) : outputText)
}

/** The config text with the resource_booking module's `options: {}` replaced by `options`. */
function withModuleOptions(configText, options) {
  const pattern = /(resolve: "\.\/src\/modules\/resource_booking",\s*options: )\{\}/
  if (!pattern.test(configText)) {
    throw new Error("medusa-config: the resource_booking module entry (resolve + options: {}) was not found")
  }
  return configText.replace(pattern, (_, head) => head + JSON.stringify(options))
}

/**
 * A daily schedule 12 hours from now (local time, as the scheduler reads it): the cleanup job
 * never fires while a script runs, so only the script decides when holds expire.
 */
function quietSchedule() {
  const at = new Date(Date.now() + 12 * 3600 * 1000)
  return `${at.getMinutes()} ${at.getHours()} * * *`
}

module.exports = { prepareRunFolder, quietSchedule }
