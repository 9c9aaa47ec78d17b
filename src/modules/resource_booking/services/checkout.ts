import { Context } from "@medusajs/framework/types"
import { InjectBookingTransaction } from "../utils/booking-transaction"
import { MedusaContext, MedusaError } from "@medusajs/framework/utils"
import { BookingLine, BookingRequirement, CartHoldProblem, HoldStatus, ResourceHoldDTO } from "../types"
import { describeKey, keysOf } from "../utils/booking-span"
import { eachDate } from "../utils/calendar-date"
import { capacityReleasedOn, holdEvent, queueEvents, ResourceBookingEvents } from "../utils/events"
import { toPublicHold } from "../utils/public-hold"
import { CapacityService } from "./capacity"
import { HoldRow, HoldService } from "./hold"

type InjectedDependencies = {
  baseRepository: unknown
  capacityService: CapacityService
  holdService: HoldService
}

/** A resource+date (+ start time for a departure) as a map key. */
const dateKey = (resourceId: string, date: string, startTime?: string | null) => `${resourceId}|${date}|${startTime ?? ""}`

/** A requirement's or a line's last booked date (one date when absent). */
const endOf = (r: { date: string; end_date?: string }) => r.end_date ?? r.date

/** Whether a hold's booked dates (turnaround aside) include `date`, at the departure `startTime` if any. */
const books = (hold: HoldRow, resourceId: string, date: string, startTime?: string | null) =>
  hold.resource_id === resourceId && hold.date <= date && hold.end_date >= date && (hold.start_time ?? "") === (startTime ?? "")

type Need = { resource_id: string; date: string; start_time: string; units: number }

/** Units needed per resource+date: every booked date of every requirement, summed. */
function needsOf(requirements: BookingRequirement[]): Map<string, Need> {
  const needs = new Map<string, Need>()
  for (const r of requirements) {
    for (const date of eachDate(r.date, endOf(r))) {
      const key = dateKey(r.resource_id, date, r.start_time)
      const seen = needs.get(key)
      needs.set(key, { resource_id: r.resource_id, date, start_time: r.start_time ?? "", units: (seen?.units ?? 0) + r.quantity })
    }
  }
  return needs
}

/** Units of `holds` booked on each resource+date of `needs`. */
function coverageOf(holds: HoldRow[], needs: Map<string, Need>): Map<string, number> {
  const covered = new Map<string, number>()
  for (const [key, need] of needs) {
    covered.set(key, holds.filter((h) => books(h, need.resource_id, need.date, need.start_time)).reduce((sum, h) => sum + h.quantity, 0))
  }
  return covered
}

/** `2027-03-01`, `2027-03-01 08:00` (a departure) or `2027-03-01..2027-03-04` (every date the hold occupies). */
const describeDates = (hold: HoldRow) =>
  hold.date === hold.occupied_to ? describeKey(hold) : `${hold.date}..${hold.occupied_to}`

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
   * Which requirements the cart's ACTIVE, not-overdue holds do not cover: on every booked date
   * of a requirement, the cart's live (and already CONFIRMED) holds booking that date must
   * have the units all requirements need there. When all are covered, the covering holds
   * are extended to at least now + `marginMinutes`, so they cannot expire between this check
   * and the order.
   */
  @InjectBookingTransaction()
  async secure(
    cartId: string,
    requirements: BookingRequirement[],
    marginMinutes: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CartHoldProblem[]> {
    const holds = await this.lockCartHolds(cartId, requirements, sharedContext)
    const live = holds.filter((h) => h.status === HoldStatus.ACTIVE && !h.overdue)
    // A completed cart's holds are CONFIRMED for its order: completing it again is not a new sale.
    const counted = [...live, ...holds.filter((h) => h.status === HoldStatus.CONFIRMED)]
    const needs = needsOf(requirements)
    const covered = coverageOf(counted, needs)
    const problems: CartHoldProblem[] = []
    for (const requirement of requirements) {
      const dates = eachDate(requirement.date, endOf(requirement))
      const keyOn = (d: string) => dateKey(requirement.resource_id, d, requirement.start_time)
      const short = dates.filter((d) => covered.get(keyOn(d))! < needs.get(keyOn(d))!.units)
      if (!short.length) {
        continue
      }
      const lapsed = holds.filter(
        (h) =>
          (h.status === HoldStatus.EXPIRED || (h.status === HoldStatus.ACTIVE && h.overdue)) &&
          short.some((d) => books(h, requirement.resource_id, d, requirement.start_time))
      )
      const latest = lapsed.map((h) => h.expires_at.getTime()).sort((a, b) => b - a)[0]
      problems.push({
        ...requirement,
        end_date: endOf(requirement),
        missing_dates: short,
        held: Math.min(...short.map((d) => covered.get(keyOn(d))!)),
        reason: lapsed.length ? "expired" : "no_hold",
        expired_at: latest === undefined ? null : new Date(latest).toISOString(),
      })
    }
    if (!problems.length) {
      const covering = live.filter((h) => [...needs.values()].some((n) => books(h, n.resource_id, n.date, n.start_time)))
      await this.holdService_.extendAtLeast(covering.map((h) => h.id), marginMinutes, sharedContext)
    }
    return problems
  }

  /**
   * Confirms the cart's holds for the order, so that every booked date of every requirement
   * is covered. ACTIVE holds are confirmed even when overdue (their units were never given
   * back). Where they do not cover a date, the cart's EXPIRED holds take their units again on
   * every date they occupy if capacity allows; otherwise they are marked with
   * `confirmation_error` and reported — the order stands, nothing is oversold. ACTIVE holds
   * booking no needed date are released. Idempotent: holds already confirmed for this order
   * count as covering.
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
    const needs = needsOf(requirements)
    const covered = coverageOf(
      holds.filter((h) => h.status === HoldStatus.CONFIRMED && h.order_id === orderId),
      needs
    )
    const shortOn = (hold: HoldRow) =>
      [...needs.entries()].some(
        ([key, need]) => books(hold, need.resource_id, need.date, need.start_time) && covered.get(key)! < need.units
      )
    const cover = (hold: HoldRow) => {
      for (const [key, need] of needs) {
        if (books(hold, need.resource_id, need.date, need.start_time)) {
          covered.set(key, covered.get(key)! + hold.quantity)
        }
      }
    }
    const confirmedIds = new Set<string>()
    for (const hold of holds.filter((h) => h.status === HoldStatus.ACTIVE)) {
      if (shortOn(hold)) {
        outcome.confirmed.push(await this.confirmHold(hold, orderId, sharedContext))
        confirmedIds.add(hold.id)
        cover(hold)
      }
    }
    const expired = holds
      .filter((h) => h.status === HoldStatus.EXPIRED && (h.order_id === null || h.order_id === orderId))
      .reverse()
    for (const hold of expired) {
      if (!shortOn(hold)) {
        continue
      }
      const rows = await this.capacityService_.readKeys(hold.resource_id, keysOf(hold.resource_id, hold), sharedContext)
      const lacking = rows.filter((row) => row.available_capacity === null || row.available_capacity < hold.quantity)
      if (!lacking.length) {
        await this.capacityService_.adjustHold(hold, -hold.quantity, sharedContext)
        outcome.confirmed.push(await this.confirmHold(hold, orderId, sharedContext))
        cover(hold)
        continue
      }
      const reason =
        `Hold ${hold.id} expired at ${hold.expires_at.toISOString()} and its ${hold.quantity} units ` +
        `of resource ${hold.resource_id} on ${describeDates(hold)} could not be taken again for order ${orderId}: ` +
        lacking.map((row) => `${row.date} available ${row.available_capacity ?? 0}`).join(", ")
      const failed = await this.holdService_.markConfirmationFailed(hold.id, orderId, reason, sharedContext)
      if (hold.confirmation_error === null) {
        queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CONFIRMATION_FAILED, failed, { reason })])
      }
      outcome.failed.push(toPublicHold(failed))
    }
    for (const hold of holds.filter((h) => h.status === HoldStatus.ACTIVE && !confirmedIds.has(h.id))) {
      if (![...needs.values()].some((n) => books(hold, n.resource_id, n.date, n.start_time))) {
        outcome.released.push(await this.release(hold, sharedContext))
      }
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
   * booked dates (first and last); a hold whose line was removed (and no other line needs it) is released. Holds
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
      const line = lines.find(
        (l) =>
          l.resource_id === hold.resource_id &&
          l.date === hold.date &&
          endOf(l) === hold.end_date &&
          (l.start_time ?? "") === (hold.start_time ?? "")
      )
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
    await this.capacityService_.lockKeys(keysOf(found.resource_id, found), sharedContext)
    const hold = (await this.holdService_.find(id, sharedContext, true))!
    const rows = await this.capacityService_.readKeys(hold.resource_id, keysOf(hold.resource_id, hold), sharedContext)
    if (hold.status !== HoldStatus.RELEASED || rows.some((row) => row.available_capacity === null || row.available_capacity < hold.quantity)) {
      return false
    }
    await this.capacityService_.adjustHold(hold, -hold.quantity, sharedContext)
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
    await this.capacityService_.lockKeys(keysOf(found.resource_id, found), sharedContext)
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
    await this.capacityService_.lockKeys(found.flatMap((hold) => keysOf(hold.resource_id, hold)), sharedContext)
    for (const hold of found) {
      await this.holdService_.unconfirm(hold.id, sharedContext)
    }
  }

  protected async confirmHold(hold: HoldRow, orderId: string, sharedContext: Context): Promise<ResourceHoldDTO> {
    const confirmed = await this.holdService_.confirmForOrder(hold.id, orderId, sharedContext)
    queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CONFIRMED, confirmed)])
    return toPublicHold(confirmed)
  }

  protected async release(hold: HoldRow, sharedContext: Context): Promise<ResourceHoldDTO> {
    const released = await this.holdService_.transition(hold.id, HoldStatus.RELEASED, sharedContext)
    await this.capacityService_.adjustHold(hold, hold.quantity, sharedContext)
    queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_RELEASED, released), ...capacityReleasedOn(hold)])
    return toPublicHold(released)
  }

  /**
   * Locks every date of the cart's holds and of the requirements, then row-locks and reads the
   * holds. Contract: every date a returned hold occupies is locked by this transaction. A hold
   * the cart took between reading its dates and row-locking them may occupy a date outside
   * the locked ones: that date is try-locked (never waited for, so no cycle), and a busy one
   * is a CONFLICT, as for a lazy reclaim past the locked dates.
   */
  protected async lockCartHolds(cartId: string, extra: BookingRequirement[], sharedContext: Context): Promise<HoldRow[]> {
    const keys = [
      ...(await this.holdService_.keysOf("cart_id", cartId, sharedContext)),
      ...extra.flatMap((r) => keysOf(r.resource_id, { date: r.date, occupied_to: endOf(r), start_time: r.start_time })),
    ]
    await this.capacityService_.lockKeys(keys, sharedContext)
    const holds = await this.holdService_.ofCart(cartId, sharedContext)
    const locked = new Set(keys.map((k) => dateKey(k.resource_id, k.date, k.start_time)))
    const unlocked = holds
      .flatMap((h) => keysOf(h.resource_id, h))
      .filter((k) => !locked.has(dateKey(k.resource_id, k.date, k.start_time)))
    if (unlocked.length && !(await this.capacityService_.tryLockKeys(unlocked, sharedContext))) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Cart ${cartId} is busy with another booking operation; retry shortly`
      )
    }
    return holds
  }
}
