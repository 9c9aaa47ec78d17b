import { asValue } from "@medusajs/framework/awilix"
import { LoaderOptions } from "@medusajs/framework/types"
import { ResourceBookingModuleOptions } from "../types/options"
import { returnDatesAsStrings } from "../utils/pg-date-parser"
import { PLUGIN_NAME, resolveModuleOptions, unknownOptionKeys } from "../utils/resolve-options"

/**
 * Makes `date` columns read back as `YYYY-MM-DD` strings (see returnDatesAsStrings).
 * Validates the settings once, when the module loads (a bad value stops start-up naming
 * the option or variable and the value), and registers the result as `resourceBookingOptions`.
 * An option the plugin does not know is reported, not fatal: it is most likely a typo.
 */
export default async function setupLoader({
  options,
  container,
  logger,
}: LoaderOptions<ResourceBookingModuleOptions>): Promise<void> {
  container.register("resourceBookingOptions", asValue(resolveModuleOptions(options ?? {})))
  const unknown = unknownOptionKeys(options ?? {})
  if (unknown.length) {
    logger?.warn(
      `${PLUGIN_NAME}: unknown option${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} ignored ` +
        "(see the options table in the plugin's README)."
    )
  }
  returnDatesAsStrings()
}
