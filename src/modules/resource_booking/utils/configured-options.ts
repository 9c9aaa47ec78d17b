import { configManager } from "@medusajs/framework/config"

/**
 * The options the running Medusa app gives the resource_booking module: a plugin's
 * options (Medusa copies them to each of the plugin's modules when it loads the config)
 * or those of a `modules` entry. For code that loads before the module's container
 * exists, such as a scheduled job's `config`. Empty when no Medusa config is loaded
 * (e.g. a file imported on its own by a test).
 */
export function configuredModuleOptions(moduleKey: string): Record<string, unknown> {
  if (configManager.baseDir === undefined) {
    return {}
  }
  const entry = configManager.config?.modules?.[moduleKey]
  const options = typeof entry === "object" && entry !== null ? (entry as { options?: unknown }).options : undefined
  return typeof options === "object" && options !== null ? (options as Record<string, unknown>) : {}
}
