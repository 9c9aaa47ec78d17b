import { asValue } from "@medusajs/framework/awilix"
import { LoaderOptions } from "@medusajs/framework/types"
import { ResourceBookingModuleOptions } from "../types/options"
import { returnDatesAsStrings } from "../utils/pg-date-parser"
import { resolveModuleOptions } from "../utils/resolve-options"

/**
 * Makes `date` columns read back as `YYYY-MM-DD` strings (see returnDatesAsStrings).
 * Validates the options once, when the module loads (a bad value stops start-up naming
 * the variable and the value), and registers the result as `resourceBookingOptions`.
 */
export default async function setupLoader({
  options,
  container,
}: LoaderOptions<ResourceBookingModuleOptions>): Promise<void> {
  container.register("resourceBookingOptions", asValue(resolveModuleOptions(options ?? {})))
  returnDatesAsStrings()
}
