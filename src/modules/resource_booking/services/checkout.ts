import { Context } from "@medusajs/framework/types"
import { InjectBookingTransaction } from "../utils/booking-transaction"
import { MedusaContext } from "@medusajs/framework/utils"
import { BookingLine, BookingRequirement, CapacityKey, CartHoldProblem, HoldStatus, ResourceHoldDTO } from "../types"
import { capacityReleased, holdEvent, queueEvents, ResourceBookingEvents } from "../utils/events"
import { toPublicHold } from "../utils/public-hold"
import { CapacityService } from "./capacity"
import { HoldRow, HoldService } from "./hold"

type InjectedDependencies = {
  baseRepository: unknown
  capacityService: CapacityService
  holdService: HoldService
}

const keyOf = (k: CapacityKey) => `${k.resource_id}|${k.date}`
const sameKey = (a: CapacityKey) => (b: CapacityKey) => keyOf(a) === keyOf(b)
const units = (holds: HoldRow[]) => holds.reduce((sum, h) => sum + h.quantity, 0)

export type CartConfirmation = {
  confirmed: ResourceHoldDTO[]
  failed: ResourceHoldDTO[]
  released: ResourceHoldDTO[]
}

/**
 * Holds as part of Medusa's checkout: securing a cart's holds before payment, confirming
 * them for the order, releasing them when the order is canceled or a line removed. Each
 * method is one transaction that takes the advisory locks of every key it may touch
 * (the cart's or order's holds and the requirements) before any row lock.
 */
export class CheckoutService {
  protected readonly baseRepository_: unknown
  protected readonly capacityService_: CapacityService
  protected readonly holdService_: HoldService

  constructor(deps: InjectedDependencies) {
    this.baseRepository_ = deps.baseRepository
    this.capacityService_ = deps.capacityService
    this.holdService_ = deps.holdService
  }

  /**
   * Which requirements the cart's ACTIVE, not-overdue holds do not cover. When all are
   * covered, the covering holds are extended to at least now + `marginMinutes`, so they
   * cannot expire between this check and the order.
   */
  @InjectBookingTransaction()
  async secure(
    cartId: string,
    requirements: BookingRequirement[],
    marginMinutes: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CartHoldProblem[]> {
    const holds = await this.lockCartHolds(cartId, requirements, sharedContext)
    const problems: CartHoldProblem[] = []
    const covering: string[] = []
    for (const requirement of requirements) {
      const ofKey = holds.filter(sameKey(requirement))
      const live = ofKey.filter((h) => h.status === HoldStatus.ACTIVE && !h.overdue)
      // A completed cart's holds are CONFIRMED for its order: completing it again is not a new sale.
      const held = units(live) + units(ofKey.filter((h) => h.status === HoldStatus.CONFIRMED))
      if (held >= requirement.quantity) {
        covering.push(...live.map((h) => h.id))
        continue
      }
      const lapsed = ofKey.filter((h) => h.status === HoldStatus.EXPIRED || (h.status === HoldStatus.ACTIVE && h.overdue))
      const latest = lapsed.map((h) => h.expires_at.getTime()).sort((a, b) => b - a)[0]
      problems.push({
        ...requirement,
        held,
        reason: lapsed.length ? "expired" : "no_hold",
        expired_at: latest === undefined ? null : new Date(latest).toISOString(),
      })
    }
    if (!problems.length) {
      await this.holdService_.extendAtLeast(covering, marginMinutes, sharedContext)
    }
    return problems
  }

  /**
   * Confirms the cart's holds for the order, requirement by requirement. ACTIVE holds are
   * confirmed even when overdue (their units were never given back). When they do not
   * cover a requirement, the cart's EXPIRED holds take their units again if capacity
   * allows; otherwise they are marked with `confirmation_error` and reported — the order
   * stands, nothing is oversold. ACTIVE holds no requirement needs are released.
   * Idempotent: holds already confirmed for this order count as covering.
   */
  @InjectBookingTransaction()
  async confirm(
    cartId: string,
    orderId: string,
    requirements: BookingRequirement[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CartConfirmation> {
    const holds = await this.lockCartHolds(cartId, requirements, sharedContext)
    const outcome: CartConfirmation = { confirmed: [], failed: [], released: [] }
    for (const requirement of requirements) {
      await this.confirmRequirement(requirement, holds.filter(sameKey(requirement)), orderId, outcome, sharedContext)
    }
    const needed = new Set(requirements.map(keyOf))
    for (const hold of holds.filter((h) => h.status === HoldStatus.ACTIVE && !needed.has(keyOf(h)))) {
      outcome.released.push(await this.release(hold, sharedContext))
    }
    return outcome
  }

  /** Releases every CONFIRMED hold of the order and gives the units back. Idempotent. */
  @InjectBookingTransaction()
  async releaseOrder(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<ResourceHoldDTO[]> {
    const keys = await this.holdService_.keysOf("order_id", orderId, sharedContext)
    await this.capacityService_.lockKeys(keys, sharedContext)
    const holds = await this.holdService_.ofOrder(orderId, sharedContext)
    const released: ResourceHoldDTO[] = []
    for (const hold of holds.filter((h) => h.status === HoldStatus.CONFIRMED)) {
      released.push(await this.release(hold, sharedContext))
    }
    return released
  }

  /**
   * Follows the cart's lines: an ACTIVE hold is attached to the line of its resource and
   * date; a hold whose line was removed (and no other line needs it) is released. Holds
   * taken before their line was added are left alone until a line appears or they expire.
   */
  @InjectBookingTransaction()
  async reconcile(
    cartId: string,
    lines: BookingLine[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO[]> {
    const holds = await this.lockCartHolds(cartId, [], sharedContext)
    const lineIds = new Set(lines.map((l) => l.line_item_id))
    const released: ResourceHoldDTO[] = []
    for (const hold of holds.filter((h) => h.status === HoldStatus.ACTIVE)) {
      const line = lines.find(sameKey(hold))
      if (line && hold.line_item_id !== line.line_item_id) {
        await this.holdService_.attachLine(hold.id, line.line_item_id, sharedContext)
      } else if (!line && hold.line_item_id && !lineIds.has(hold.line_item_id)) {
        released.push(await this.release(hold, sharedContext))
      }
    }
    return released
  }

  // ------------------------------------------------ compensation (workflow rollback)

  /**
   * Puts a RELEASED hold back to `status` by taking its units again, if they are still free.
   * Returns false (and changes nothing) when they are not: someone else bought them.
   */
  @InjectBookingTransaction()
  async reinstate(
    id: string,
    status: HoldStatus.ACTIVE | HoldStatus.CONFIRMED,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const found = await this.holdService_.find(id, sharedContext)
    if (!found || found.status !== HoldStatus.RELEASED) {
      return false
    }
    await this.capacityService_.lockKeys([found], sharedContext)
    const hold = (await this.holdService_.find(id, sharedContext, true))!
    const row = await this.capacityService_.findRow(hold, sharedContext)
    if (hold.status !== HoldStatus.RELEASED || !row || row.available_capacity < hold.quantity) {
      return false
    }
    await this.capacityService_.adjustCapacity(hold.resource_id, hold.date, -hold.quantity, sharedContext)
    await this.holdService_.reinstate(id, status, sharedContext)
    return true
  }

  /** Sets an ACTIVE hold's expires_at back (undoing an extension). */
  @InjectBookingTransaction()
  async restoreExpiry(id: string, expiresAt: Date, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const found = await this.holdService_.find(id, sharedContext)
    if (!found) {
      return
    }
    await this.capacityService_.lockKeys([found], sharedContext)
    await this.holdService_.restoreExpiry(id, expiresAt, sharedContext)
  }

  /** CONFIRMED holds back to ACTIVE, order unset (units stay taken): undoes a confirmation. */
  @InjectBookingTransaction()
  async unconfirm(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const found: HoldRow[] = []
    for (const id of ids) {
      const hold = await this.holdService_.find(id, sharedContext)
      if (hold) {
        found.push(hold)
      }
    }
    await this.capacityService_.lockKeys(found, sharedContext)
    for (const hold of found) {
      await this.holdService_.unconfirm(hold.id, sharedContext)
    }
  }

  protected async confirmRequirement(
    requirement: BookingRequirement,
    holds: HoldRow[],
    orderId: string,
    outcome: CartConfirmation,
    sharedContext: Context
  ): Promise<void> {
    let covered = units(holds.filter((h) => h.status === HoldStatus.CONFIRMED && h.order_id === orderId))
    for (const hold of holds.filter((h) => h.status === HoldStatus.ACTIVE)) {
      if (covered >= requirement.quantity) {
        break
      }
      outcome.confirmed.push(await this.confirmHold(hold, orderId, sharedContext))
      covered += hold.quantity
    }
    const expired = holds
      .filter((h) => h.status === HoldStatus.EXPIRED && (h.order_id === null || h.order_id === orderId))
      .reverse()
    for (const hold of expired) {
      if (covered >= requirement.quantity) {
        break
      }
      const row = await this.capacityService_.findRow(hold, sharedContext)
      if (row && row.available_capacity >= hold.quantity) {
        await this.capacityService_.adjustCapacity(hold.resource_id, hold.date, -hold.quantity, sharedContext)
        outcome.confirmed.push(await this.confirmHold(hold, orderId, sharedContext))
        covered += hold.quantity
        continue
      }
      const reason =
        `Hold ${hold.id} expired at ${hold.expires_at.toISOString()} and its ${hold.quantity} units ` +
        `of resource ${hold.resource_id} on ${hold.date} could not be taken again for order ${orderId}: ` +
        `available ${row?.available_capacity ?? 0}`
      const failed = await this.holdService_.markConfirmationFailed(hold.id, orderId, reason, sharedContext)
      if (hold.confirmation_error === null) {
        queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CONFIRMATION_FAILED, failed, { reason })])
      }
      outcome.failed.push(toPublicHold(failed))
    }
  }

  protected async confirmHold(hold: HoldRow, orderId: string, sharedContext: Context): Promise<ResourceHoldDTO> {
    const confirmed = await this.holdService_.confirmForOrder(hold.id, orderId, sharedContext)
    queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CONFIRMED, confirmed)])
    return toPublicHold(confirmed)
  }

  protected async release(hold: HoldRow, sharedContext: Context): Promise<ResourceHoldDTO> {
    const released = await this.holdService_.transition(hold.id, HoldStatus.RELEASED, sharedContext)
    await this.capacityService_.adjustCapacity(hold.resource_id, hold.date, hold.quantity, sharedContext)
    queueEvents(sharedContext, [
      holdEvent(ResourceBookingEvents.HOLD_RELEASED, released),
      capacityReleased(hold.resource_id, hold.date, hold.quantity),
    ])
    return toPublicHold(released)
  }

  /** Locks the keys of the cart's holds and of `extra`, then row-locks and reads the holds. */
  protected async lockCartHolds(cartId: string, extra: CapacityKey[], sharedContext: Context): Promise<HoldRow[]> {
    const keys = [...(await this.holdService_.keysOf("cart_id", cartId, sharedContext)), ...extra]
    await this.capacityService_.lockKeys(
      keys.map((k) => ({ resource_id: k.resource_id, date: k.date })),
      sharedContext
    )
    return await this.holdService_.ofCart(cartId, sharedContext)
  }
}
