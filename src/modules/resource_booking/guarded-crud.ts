import { MedusaService } from "@medusajs/framework/utils"
import { HoldAudit } from "./models/hold-audit"
import { HoldCleanupRun } from "./models/hold-cleanup-run"
import { Resource } from "./models/resource"
import { ResourceCapacity } from "./models/resource-capacity"
import { ResourceHold } from "./models/resource-hold"
import { HoldStatus } from "./types"
import { checkRuleFields } from "./utils/booking-rules"
import { notAllowed } from "./utils/errors"
import { assertEditableUpdate, GENERIC_WRITE_RULES, genericWriteRefusal } from "./utils/generic-write-guard"

function countBy(rows: { resource_id: string }[]): Map<string, number> {
  const counts = new Map<string, number>()
  rows.forEach((row) => counts.set(row.resource_id, (counts.get(row.resource_id) ?? 0) + 1))
  return counts
}

/**
 * The generated CRUD of the module's models (MedusaService), guarded: whatever would move
 * units behind the verbs' back is refused (see utils/generic-write-guard); reading and
 * harmless fields stay available. The module service extends this class.
 */
export class GuardedCrudService extends MedusaService({
  Resource,
  ResourceCapacity,
  ResourceHold,
  HoldCleanupRun,
  HoldAudit,
}) {
  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async createResources(...args: any[]): Promise<any> {
    assertEditableUpdate(GENERIC_WRITE_RULES.resource, args[0])
    for (const item of [].concat(args[0] ?? [])) {
      checkRuleFields(item)
    }
    return await (super.createResources as any).apply(this, args)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async updateResources(...args: any[]): Promise<any> {
    assertEditableUpdate(GENERIC_WRITE_RULES.resource, args[0])
    await this.checkRuleUpdates(args[0])
    return await (super.updateResources as any).apply(this, args)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async deleteResources(...args: any[]): Promise<any> {
    await this.assertDeletable(args[0], { permanently: true })
    return await (super.deleteResources as any).apply(this, args)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async softDeleteResources(...args: any[]): Promise<any> {
    await this.assertDeletable(args[0], { permanently: false })
    return await (super.softDeleteResources as any).apply(this, args)
  }

  /**
   * Validates the rule fields of an update (400 naming the field). When min_days or max_days
   * changes on a resource named by id, the other bound is read so max_days ≥ min_days holds.
   */
  protected async checkRuleUpdates(payload: unknown): Promise<void> {
    const items = Array.isArray(payload) ? payload : [payload]
    for (const item of items as any[]) {
      const data = item && "selector" in item && "data" in item ? item.data : item
      if (!data || typeof data !== "object") {
        continue
      }
      const bounds = data.min_days !== undefined || data.max_days !== undefined
      const current =
        bounds && typeof data.id === "string"
          ? ((await (this as any).listResources({ id: data.id }, { select: ["min_days", "max_days"] }))[0] as
              | { min_days: number; max_days: number | null }
              | undefined)
          : undefined
      checkRuleFields(data, current)
      if (data.booking_unit !== undefined && typeof data.id === "string") {
        await this.assertUnitChangeable(data.id, data.booking_unit)
      }
    }
  }

  /**
   * A resource's booking_unit names what its capacity rows and holds are keyed by (dates, or
   * departures): it changes only while the resource has neither.
   */
  protected async assertUnitChangeable(id: string, unit: string): Promise<void> {
    const [resource] = await (this as any).listResources({ id }, { select: ["booking_unit"] })
    if (!resource || resource.booking_unit === unit) {
      return
    }
    const capacity = await this.listResourceCapacities({ resource_id: id }, { select: ["id"], take: 1 })
    const holds = await this.listResourceHolds({ resource_id: id }, { select: ["id"], take: 1 })
    if (capacity.length || holds.length) {
      throw notAllowed(
        `Resource ${id} cannot change booking_unit from "${resource.booking_unit}" to "${unit}": it has capacity rows or holds ` +
          `(sold by ${resource.booking_unit}); create a new resource for ${unit === "departure" ? "departures" : "dates"}`
      )
    }
  }

  /** Ids named by a delete call: an id, ids, objects with ids, or a selector. */
  protected async resourceIdsOf(selection: unknown): Promise<string[]> {
    const items = Array.isArray(selection) ? selection : [selection]
    const ids = new Set<string>()
    for (const item of items) {
      if (typeof item === "string") {
        ids.add(item)
      } else if (item && typeof item === "object") {
        const record = item as Record<string, unknown>
        const filter = "selector" in record ? record.selector : record
        const found = await this.listResources(filter as any, { select: ["id"] })
        found.forEach((r) => ids.add(r.id))
      }
    }
    return [...ids]
  }

  /**
   * A resource whose holds still occupy units cannot disappear under them; one with
   * capacity or hold records cannot be deleted permanently (its history would dangle).
   */
  protected async assertDeletable(selection: unknown, { permanently }: { permanently: boolean }) {
    const ids = await this.resourceIdsOf(selection)
    if (!ids.length) {
      return
    }
    const holds = await this.listResourceHolds({ resource_id: ids }, { select: ["resource_id", "status"] })
    const live = countBy(holds.filter((h) => h.status === HoldStatus.ACTIVE || h.status === HoldStatus.CONFIRMED))
    if (live.size) {
      throw notAllowed(
        [...live].map(([id, n]) => `Resource ${id} has ${n} ACTIVE or CONFIRMED holds and cannot be deleted`).join("; ") +
          "; release or let them expire first"
      )
    }
    if (!permanently) {
      return
    }
    const capacities = await this.listResourceCapacities({ resource_id: ids }, { select: ["resource_id"] })
    const history = countBy([...holds, ...capacities])
    if (history.size) {
      throw notAllowed(
        `Resources ${[...history.keys()].join(", ")} have capacity or hold records and cannot be deleted ` +
          `permanently: soft-delete them (softDeleteResources) or set is_active to false`
      )
    }
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async createResourceCapacities(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("created", GENERIC_WRITE_RULES.resource_capacity)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async updateResourceCapacities(...args: any[]): Promise<any> {
    assertEditableUpdate(GENERIC_WRITE_RULES.resource_capacity, args[0])
    return await (super.updateResourceCapacities as any).apply(this, args)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async deleteResourceCapacities(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("deleted", GENERIC_WRITE_RULES.resource_capacity)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async softDeleteResourceCapacities(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("deleted", GENERIC_WRITE_RULES.resource_capacity)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async restoreResourceCapacities(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("restored", GENERIC_WRITE_RULES.resource_capacity)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async createResourceHolds(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("created", GENERIC_WRITE_RULES.resource_hold)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async updateResourceHolds(...args: any[]): Promise<any> {
    assertEditableUpdate(GENERIC_WRITE_RULES.resource_hold, args[0])
    return await (super.updateResourceHolds as any).apply(this, args)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async deleteResourceHolds(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("deleted", GENERIC_WRITE_RULES.resource_hold)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async softDeleteResourceHolds(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("deleted", GENERIC_WRITE_RULES.resource_hold)
  }

  // @ts-expect-error the generated CRUD is typed as a property; this override guards it
  async restoreResourceHolds(..._args: unknown[]): Promise<never> {
    throw genericWriteRefusal("restored", GENERIC_WRITE_RULES.resource_hold)
  }
}
