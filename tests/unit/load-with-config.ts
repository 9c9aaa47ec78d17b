/**
 * Loads `load()` (a require of plugin files) the way Medusa's loaders do: after the app's
 * config, with the plugin's options on the resource_booking module, in a fresh module
 * registry. Medusa's workflow registry is process-wide: load workflow files once per spec file.
 */
export function loadWithConfig<T>(moduleOptions: Record<string, unknown>, load: () => T): T {
  let loaded!: T
  jest.isolateModules(() => {
    const { configManager } = require("@medusajs/framework/config")
    configManager.loadConfig({
      projectConfig: {
        projectConfig: { http: { jwtSecret: "test", cookieSecret: "test" } },
        modules: { resource_booking: { resolve: "medusa-resource-booking", options: moduleOptions } },
      },
      baseDir: process.cwd(),
    })
    loaded = load()
  })
  return loaded
}
