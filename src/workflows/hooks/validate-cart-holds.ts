import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../modules/resource_booking"
import ResourceBookingModuleService from "../../modules/resource_booking/service"
import { CartHoldProblem } from "../../modules/resource_booking/types"
import { configuredModuleOptions } from "../../modules/resource_booking/utils/configured-options"
import { registersCartValidateHook } from "../../modules/resource_booking/utils/resolve-options"
import { BookableLine, bookingLinesOf, requirementsOf } from "../resource-booking/booking-lines"
import { unpricedStays } from "../resource-booking/stay-price-check"

/**
 * Minutes a cart's holds are kept alive once completion starts. Completion holds Medusa's
 * cart lock for at most 2 minutes (its TTL) and authorises payment at its very end; 10
 * minutes covers that with room for a slow payment provider and a retry, while a cart
 * abandoned at this point still gives its units back within one cleanup interval or two.
 */
export const COMPLETION_MARGIN_MINUTES = 10

function shopperMessage(problem: CartHoldProblem, lines: BookableLine[]): string {
  const titles = lines
    .filter(
      (l) =>
        l.resource_id === problem.resource_id &&
        l.date <= problem.date &&
        problem.date <= l.end_date &&
        (l.start_time ?? null) === (problem.start_time ?? null)
    )
    .map((l) => `"${l.title}"`)
    .join(", ")
  // Every booked date the holds do not cover, not only the first (a range may lack several);
  // a departure is named with its start time.
  const at = problem.start_time ? ` ${problem.start_time}` : ""
  const dates = (problem.missing_dates?.length ? problem.missing_dates : [problem.date]).map((d) => `${d}${at}`).join(", ")
  if (problem.reason === "expired") {
    return (
      `Your hold for ${titles} on ${dates} expired at ${problem.expired_at}; ` +
      `please choose the date again to hold ${problem.quantity} ${problem.quantity === 1 ? "place" : "places"}`
    )
  }
  return (
    `There is no hold for ${titles} on ${dates} ` +
    `(needed: ${problem.quantity}, held: ${problem.held}); please choose the date again`
  )
}

function unpricedMessage(line: BookableLine, cartId: string): string {
  return (
    `"${line.title}" is not priced for its stay from ${line.date} to ${line.end_date}; ` +
    `please book it again (POST /store/resource-booking/carts/${cartId}/bookings)`
  )
}

/**
 * Before any payment is authorised: every line of a bookable variant must be covered by the
 * cart's ACTIVE, not-overdue holds on its resource and every booked date, and a line of several
 * dates must be priced for its stay (see unpricedStays). Otherwise completion is
 * refused with a message the shopper can act on, and no order is created. Covered holds are
 * kept alive for COMPLETION_MARGIN_MINUTES so they cannot expire before the order exists.
 *
 * Registered as `completeCartWorkflow.hooks.validate` unless the plugin option
 * `registerCartValidateHook` is false; a store with a validate handler of its own (Medusa
 * allows one per hook) sets it to false and calls this from its handler.
 */
export async function validateCartHolds(
  { cart }: { cart: unknown },
  { container }: { container: MedusaContainer }
): Promise<void> {
  if ((cart as any).completed_at) {
    // Completing an already completed cart returns its order: nothing new is sold.
    return
  }
  const cartId: string = (cart as any).id
  const { lines, undated, misdated } = await bookingLinesOf(container, (cart as any).items ?? [])
  if (!lines.length && !undated.length && !misdated.length) {
    return
  }
  const messages = [
    ...undated.map((line) => `"${line.title}" needs a booking date (metadata.booking_date as YYYY-MM-DD)`),
    ...misdated.map(
      (line) => `"${line.title}" has a booking_end_date that is not a date on or after its booking_date`
    ),
    ...(await unpricedStays(container, cartId, lines)).map((line) => unpricedMessage(line, cartId)),
  ]
  if (lines.length) {
    const problems = await container
      .resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
      .secureCartHolds({
        cart_id: cartId,
        requirements: requirementsOf(lines),
        margin_minutes: COMPLETION_MARGIN_MINUTES,
      })
    messages.push(...problems.map((problem) => shopperMessage(problem, lines)))
  }
  if (messages.length) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, messages.join(". "))
  }
}

if (registersCartValidateHook(configuredModuleOptions(RESOURCE_BOOKING_MODULE))) {
  completeCartWorkflow.hooks.validate(validateCartHolds)
}
