import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BookingLine, BookingRequirement } from "../../modules/resource_booking/types"
import { isCalendarDate } from "../../modules/resource_booking/utils/calendar-date"
import { isStartTime } from "../../modules/resource_booking/utils/departures"

/** What the checkout code needs of a cart or order line item. */
export type LineItemLike = {
  id: string
  title?: string | null
  variant_id?: string | null
  quantity: number | string | { toString(): string }
  unit_price?: unknown
  is_custom_price?: boolean | null
  metadata?: Record<string, unknown> | null
}

/** A line of a bookable variant with valid dates: first (`date`) to last (`end_date`) booked date. */
export type BookableLine = Required<BookingLine> & {
  quantity: number
  title: string
  variant_id: string
  unit_price: unknown
  is_custom_price: boolean
}

export type BookingLines = {
  /** Lines of bookable variants with a valid `metadata.booking_date` (and end date). */
  lines: BookableLine[]
  /** Lines of bookable variants whose booking date is missing or not a real date. */
  undated: { line_item_id: string; title: string; booking_date: unknown }[]
  /** Lines whose `metadata.booking_end_date` is given but not a date on or after booking_date. */
  misdated: { line_item_id: string; title: string; booking_end_date: unknown }[]
}

/**
 * Splits line items into bookable lines (variant linked to a resource) and the rest.
 * A bookable line names its first booked date in `metadata.booking_date` and its last in
 * `metadata.booking_end_date` (`YYYY-MM-DD`; absent = one date); a departure's line names its
 * start time in `metadata.booking_start_time` ("HH:MM"). Metadata is the shopper's to
 * write: these dates say what the line claims, the hold and the price prove it.
 */
export async function bookingLinesOf(container: MedusaContainer, items: LineItemLike[]): Promise<BookingLines> {
  const result: BookingLines = { lines: [], undated: [], misdated: [] }
  const variantIds = [...new Set(items.map((i) => i.variant_id).filter((id): id is string => !!id))]
  if (!variantIds.length) {
    return result
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "resource.id"],
    filters: { id: variantIds },
  })
  const resourceOf = new Map<string, string>(
    variants.filter((v: any) => v.resource?.id).map((v: any) => [v.id, v.resource.id])
  )
  for (const item of items) {
    const resourceId = item.variant_id ? resourceOf.get(item.variant_id) : undefined
    if (!resourceId) {
      continue
    }
    const title = item.title ?? item.variant_id ?? item.id
    const date = item.metadata?.booking_date
    if (!isCalendarDate(date)) {
      result.undated.push({ line_item_id: item.id, title, booking_date: date })
      continue
    }
    const end = item.metadata?.booking_end_date ?? date
    if (!isCalendarDate(end) || end < date) {
      result.misdated.push({ line_item_id: item.id, title, booking_end_date: end })
      continue
    }
    const startTime = item.metadata?.booking_start_time
    result.lines.push({
      line_item_id: item.id,
      resource_id: resourceId,
      date,
      end_date: end,
      // Not a valid time: matches no departure's hold, so completion refuses the line naming it.
      start_time: startTime === undefined || startTime === null || startTime === "" ? null : isStartTime(startTime) ? startTime : String(startTime).slice(0, 64),
      quantity: Number(item.quantity),
      title,
      variant_id: item.variant_id!,
      unit_price: item.unit_price,
      is_custom_price: !!item.is_custom_price,
    })
  }
  return result
}

/** What each bookable line needs: its quantity on every date from date to end_date. */
export function requirementsOf(lines: BookableLine[]): BookingRequirement[] {
  return lines.map(({ resource_id, date, end_date, start_time, quantity }) => ({ resource_id, date, end_date, start_time, quantity }))
}

/** The lines as the module's reconcile verb takes them. */
export function bookingLinesForHolds(lines: BookableLine[]): BookingLine[] {
  return lines.map(({ line_item_id, resource_id, date, end_date, start_time }) => ({ line_item_id, resource_id, date, end_date, start_time }))
}
