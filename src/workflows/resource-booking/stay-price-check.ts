import { MedusaContainer } from "@medusajs/framework/types"
import { HoldStatus, ResourceHoldDTO } from "../../modules/resource_booking/types"
import { daysInRange } from "../../modules/resource_booking/utils/calendar-date"
import { BookableLine } from "./booking-lines"
import { activeCartHolds } from "./steps/booking-service"
import { dayPricesOf, pricingCartOf, samePrice, stayUnitPrice } from "./stay-price"

function attachedHoldCovers(line: BookableLine, holds: ResourceHoldDTO[]): boolean {
  return holds.some(
    (hold) =>
      hold.line_item_id === line.line_item_id &&
      hold.status === HoldStatus.ACTIVE &&
      hold.resource_id === line.resource_id &&
      hold.date === line.date &&
      hold.end_date === line.end_date
  )
}

/**
 * The multi-date lines (end_date after date) that are not priced for their stay, judged only
 * by what the shopper cannot write: a line is priced for its stay when it is custom-priced
 * (server-set), its unit price is the variant's calculated price in the cart's context times
 * the dates from date to end_date, and an ACTIVE hold of the cart was attached to it for
 * exactly those dates. Line metadata (booking_days, any flag) is never trusted.
 */
export async function unpricedStays(
  container: MedusaContainer,
  cartId: string,
  lines: BookableLine[]
): Promise<BookableLine[]> {
  const stays = lines.filter((line) => line.end_date > line.date)
  if (!stays.length) {
    return []
  }
  const cart = await pricingCartOf(container, cartId)
  const prices = await dayPricesOf(container, cart, stays.map((line) => line.variant_id))
  const holds = await activeCartHolds(container, cartId)
  return stays.filter((line) => {
    const day = prices.get(line.variant_id)?.amount
    const expected = day === null || day === undefined ? null : stayUnitPrice(day, daysInRange(line.date, line.end_date))
    return (
      !line.is_custom_price ||
      expected === null ||
      !samePrice(line.unit_price, expected) ||
      !attachedHoldCovers(line, holds)
    )
  })
}
