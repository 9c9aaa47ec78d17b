import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BookingLine, BookingRequirement } from "../../modules/resource_booking/types"
import { isCalendarDate } from "../../modules/resource_booking/utils/calendar-date"

/** What the checkout code needs of a cart or order line item. */
export type LineItemLike = {
  id: string
  title?: string | null
  variant_id?: string | null
  quantity: number | string | { toString(): string }
  metadata?: Record<string, unknown> | null
}

export type BookableLine = BookingLine & { quantity: number; title: string }

export type BookingLines = {
  /** Lines of bookable variants with a valid `metadata.booking_date`. */
  lines: BookableLine[]
  /** Lines of bookable variants whose booking date is missing or not a real date. */
  undated: { line_item_id: string; title: string; booking_date: unknown }[]
}

/**
 * Splits line items into bookable lines (variant linked to a resource) and the rest.
 * A bookable line names its date in `metadata.booking_date` (`YYYY-MM-DD`).
 */
export async function bookingLinesOf(container: MedusaContainer, items: LineItemLike[]): Promise<BookingLines> {
  const variantIds = [...new Set(items.map((i) => i.variant_id).filter((id): id is string => !!id))]
  if (!variantIds.length) {
    return { lines: [], undated: [] }
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
  const result: BookingLines = { lines: [], undated: [] }
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
    result.lines.push({ line_item_id: item.id, resource_id: resourceId, date, quantity: Number(item.quantity), title })
  }
  return result
}

/** What each bookable line needs; the module's checkout verbs sum them per resource+date. */
export function requirementsOf(lines: BookableLine[]): BookingRequirement[] {
  return lines.map(({ resource_id, date, quantity }) => ({ resource_id, date, quantity }))
}
