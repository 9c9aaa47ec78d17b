import { Context } from "@medusajs/framework/types"
import { ModulesSdkUtils } from "@medusajs/framework/utils"
import { Resource } from "../models/resource"
import { notAllowed, notFound } from "../utils/errors"
import { sql } from "../utils/sql"

type ResourceState = { id: string; is_active: boolean }

/** What a booking needs of its resource: its name (for messages), whether it sells, its rules' columns. */
export type BookingResource = ResourceState & {
  name: string
  timezone: string | null
  min_days: number
  max_days: number | null
  turnaround_days: number
  cutoff_minutes: number
  horizon_days: number | null
  booking_unit: "date" | "departure"
  min_quantity: number | null
}

/**
 * Replaces the generated service of the Resource model (same registration name), so it
 * keeps the generated CRUD by extending MedusaInternalService(Resource).
 */
export class ResourceService extends ModulesSdkUtils.MedusaInternalService(Resource) {
  /** The resource, or NOT_FOUND naming it. Deleted resources do not exist. */
  async assertExists(id: string, context: Context): Promise<ResourceState> {
    const rows = await sql<ResourceState>(
      context,
      `SELECT id, is_active FROM resource WHERE id = ? AND deleted_at IS NULL`,
      [id]
    )
    if (!rows.length) {
      throw notFound(`Resource with id: ${id} was not found`)
    }
    return rows[0]
  }

  /** The resource with its rules' columns, or NOT_FOUND. */
  async bookingResource(id: string, context: Context): Promise<BookingResource> {
    const rows = await sql<BookingResource>(
      context,
      `SELECT id, name, is_active, timezone, min_days, max_days, turnaround_days, cutoff_minutes, horizon_days,
              booking_unit, min_quantity
         FROM resource WHERE id = ? AND deleted_at IS NULL`,
      [id]
    )
    if (!rows.length) {
      throw notFound(`Resource with id: ${id} was not found`)
    }
    return rows[0]
  }

  /** As assertExists, and refuses an inactive resource: it takes no new holds. */
  async assertBookable(id: string, context: Context): Promise<ResourceState> {
    const resource = await this.assertExists(id, context)
    if (!resource.is_active) {
      throw notAllowed(`Resource ${id} is not active and cannot be booked`)
    }
    return resource
  }
}
