import { Context } from "@medusajs/framework/types"
import { ModulesSdkUtils } from "@medusajs/framework/utils"
import { Resource } from "../models/resource"
import { notAllowed, notFound } from "../utils/errors"
import { sql } from "../utils/sql"

type ResourceState = { id: string; is_active: boolean }

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

  /** As assertExists, and refuses an inactive resource: it takes no new holds. */
  async assertBookable(id: string, context: Context): Promise<ResourceState> {
    const resource = await this.assertExists(id, context)
    if (!resource.is_active) {
      throw notAllowed(`Resource ${id} is not active and cannot be booked`)
    }
    return resource
  }

  /** Number of ACTIVE or CONFIRMED holds of the given resources (deletion guard). */
  async countLiveHolds(ids: string[], context: Context): Promise<Record<string, number>> {
    const rows = await sql<{ resource_id: string; holds: string }>(
      context,
      `SELECT resource_id, count(*) AS holds FROM resource_hold
        WHERE resource_id = ANY (array[?]::text[]) AND status IN ('ACTIVE', 'CONFIRMED')
          AND deleted_at IS NULL
        GROUP BY resource_id`,
      [["", ...ids]]
    )
    return Object.fromEntries(rows.map((r) => [r.resource_id, Number(r.holds)]))
  }
}
