import { Context, Logger } from "@medusajs/framework/types"
import { InjectBookingTransaction } from "./utils/booking-transaction"
import {
  EmitEvents,
  InjectManager,
  MedusaContext,
  MedusaError,
} from "@medusajs/framework/utils"
import { GuardedCrudService } from "./guarded-crud"
import { BelowMinimumRow, CapacityService } from "./services/capacity"
import { CapacityRepairService } from "./services/capacity-repair"
import { CleanupService } from "./services/cleanup"
import { CartConfirmation, CheckoutService } from "./services/checkout"
import { CleanupRunOutcome, CleanupRunService } from "./services/cleanup-run"
import { HealthService } from "./services/health"
import { HoldListFilter, HoldRow, HoldService } from "./services/hold"
import { ResourceService } from "./services/resource"
import {
  AuditCapacityInput,
  BookingDatesInput,
  CapacityKey,
  StartDatesInput,
  AvailabilityDTO,
  CalendarDayDTO,
  CapacityCalendarInput,
  BookingLine,
  BookingRequirement,
  CartHoldProblem,
  AvailabilityInput,
  CapacityDriftDTO,
  CleanupInput,
  CleanupResult,
  HoldAuditDTO,
  CleanupTrigger,
  CreateHoldInput,
  HoldStatus,
  ResolvedOptions,
  ResourceCapacityDTO,
  ResourceHoldDTO,
  SetCapacityInput,
  CapacityReconcileReport,
  ReconcileCapacityInput,
} from "./types"
import { daysInRange, eachDate } from "./utils/calendar-date"
import { bookedDatesOf, BookingSpan, describeKey, keyOf, keysOf, MAX_BOOKING_DAYS, spanOf } from "./utils/booking-span"
import { assertStartTime, assertStartTimes, assertWeekdays, departureRefusal, scheduleKeys } from "./utils/departures"
import { departureAvailability, departureCalendar } from "./utils/departure-views"
import { BookingRulesDTO, lengthRefusal, ruleClock, ruleRefusal, rulesOf, withinRules } from "./utils/booking-rules"
import { ExpireOutcome } from "./services/hold"
import { toPublicHold } from "./utils/public-hold"
import {
  capacityReleasedOn,
  expiryEvents,
  holdEvent,
  queueEvents,
  ResourceBookingEvents,
} from "./utils/events"
import { describeError, invalid, notAllowed, notFound, translateDatabaseError } from "./utils/errors"
import { evaluateHealth, unreachableHealth } from "./utils/health-rules"
import { capRefusal, capsFor, ownerLockNames } from "./utils/hold-limits"
import { HealthReport } from "./types/health"
import {
  assertCalendarDate,
  assertId,
  assertInteger,
  assertMetadata,
  assertOptionalText,
  assertRange,
  MAX_CAPACITY,
  MAX_HOLD_QUANTITY,
} from "./utils/validate-input"

type InjectedDependencies = {
  logger: Logger
  resourceBookingOptions: ResolvedOptions
  resourceService: ResourceService
  capacityService: CapacityService
  holdService: HoldService
  cleanupService: CleanupService
  cleanupRunService: CleanupRunService
  healthService: HealthService
  checkoutService: CheckoutService
  capacityRepairService: CapacityRepairService
}

/**
 * What a transactional step decided. A refusal that must not undo the step's writes
 * (an overdue hold expired on the way, a lazy reclaim) is raised only after commit.
 */
type Decision<T> = { result?: T; refusal?: MedusaError }

/** A hold to take: its owner, units, lifetime and the keys it occupies (start_time "" for a date resource). */
type HoldRequest = BookingSpan & {
  resource_id: string
  start_time: string
  quantity: number
  ttl_minutes: number
  cart_id: string | null
  customer_id: string | null
  metadata: Record<string, unknown> | null
}

/** `2027-03-01`, `2027-03-01 08:00` (a departure) or `2027-03-01..2027-03-04`. */
function describeSpan(span: { date: string; occupied_to: string; start_time?: string | null }): string {
  return span.date === span.occupied_to ? describeKey(span) : `${span.date}..${span.occupied_to}`
}

/** One setCapacity call's rows at most: a year of 48 start times, or ten years of dates. */
const MAX_SCHEDULE_KEYS = 20_000

/**
 * A departure's start time from a booking request: required (with `date` alone) on a
 * departure resource, refused on a date resource; null for a date resource.
 */
function departureTimeOf(resourceId: string, departure: boolean, request: BookingDatesInput): string | null {
  const given = request?.start_time !== undefined && request?.start_time !== null
  if (!departure) {
    if (given) {
      throw invalid(`start_time is only for departures: resource ${resourceId} has booking_unit "date"`)
    }
    return null
  }
  for (const field of ["from", "to", "check_in", "check_out"] as const) {
    if (request?.[field] !== undefined && request?.[field] !== null) {
      throw invalid(`${field} is not for departures: resource ${resourceId} is booked by date and start_time`)
    }
  }
  if (!given) {
    throw invalid(`start_time is required for resource ${resourceId}: its booking_unit is "departure" (e.g. "08:00")`)
  }
  return assertStartTime("start_time", request.start_time)
}

/** An expiry must have given every date it touched its units back; else it rolls back. */
function assertRestored(outcome: ExpireOutcome): void {
  if (outcome.missingCapacity.length) {
    const missing = outcome.missingCapacity.map((k) => `resource ${k.resource_id} on ${describeKey(k)}`)
    throw notAllowed(`Cannot restore units of expired holds: no capacity row for ${missing.join(", ")}`)
  }
}

/** Requirements as given, each checked (the checkout verbs sum them per resource+date). */
function checkRequirements(raw: unknown): BookingRequirement[] {
  if (!Array.isArray(raw)) {
    throw invalid("requirements must be an array")
  }
  return raw.map((item) => {
    const date = assertCalendarDate("date", item?.date)
    const end = item?.end_date === undefined || item?.end_date === null ? date : assertCalendarDate("end_date", item.end_date)
    if (end < date) {
      throw invalid(`end_date (${end}) must not be before date (${date})`)
    }
    if (daysInRange(date, end) > MAX_BOOKING_DAYS) {
      throw invalid(`A requirement spans at most ${MAX_BOOKING_DAYS} dates; ${date} to ${end} is more`)
    }
    return {
      resource_id: assertId("resource_id", item?.resource_id),
      date,
      end_date: end,
      // A departure's; any text (line metadata is the shopper's): one that is no start time matches no hold.
      start_time: assertOptionalText("start_time", item?.start_time),
      quantity: assertInteger("quantity", item?.quantity, 1, MAX_HOLD_QUANTITY * 100),
    }
  })
}

/** Longest wait of the health report for the database before it reports it unreachable. */
const HEALTH_DB_TIMEOUT_MS = 3000

/** `work`, or a rejection with `message` once `ms` have passed (the work itself goes on, unobserved). */
function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  work.catch(() => undefined)
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/** Old terminal holds deleted per transaction: short transactions, a bounded WAL burst. */
const PURGE_BATCH_HOLDS = 5000
/** At most this many per run; a backlog (say, the first run after an upgrade) drains over runs. */
const PURGE_MAX_HOLDS_PER_RUN = 100_000

/**
 * The public contract of the resource_booking module. Units move only through these
 * verbs, each under the advisory locks of the resource+dates it touches; the generated
 * CRUD stays for reading and for fields that do not move units.
 */
export default class ResourceBookingModuleService extends GuardedCrudService {
  protected readonly logger_: Logger
  protected readonly options_: ResolvedOptions
  protected readonly resourceService_: ResourceService
  protected readonly capacityService_: CapacityService
  protected readonly holdService_: HoldService
  protected readonly cleanupService_: CleanupService
  protected readonly cleanupRunService_: CleanupRunService
  protected readonly healthService_: HealthService
  protected readonly checkoutService_: CheckoutService
  protected readonly capacityRepairService_: CapacityRepairService

  constructor(deps: InjectedDependencies) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = deps.logger
    this.options_ = deps.resourceBookingOptions
    this.resourceService_ = deps.resourceService
    this.capacityService_ = deps.capacityService
    this.holdService_ = deps.holdService
    this.cleanupService_ = deps.cleanupService
    this.cleanupRunService_ = deps.cleanupRunService
    this.healthService_ = deps.healthService
    this.checkoutService_ = deps.checkoutService
    this.capacityRepairService_ = deps.capacityRepairService
  }

  /** The validated module options (TTL, lifetime, lock timeout, batch size). */
  getOptions(): ResolvedOptions {
    return { ...this.options_ }
  }

  // ---------------------------------------------------------------- capacity

  @InjectManager()
  @EmitEvents()
  async setCapacity(
    input: SetCapacityInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceCapacityDTO[]> {
    const resourceId = assertId("resource_id", input?.resource_id)
    const { from, to } = assertRange(input?.from, input?.to)
    const maxCapacity = assertInteger("max_capacity", input?.max_capacity, 0, MAX_CAPACITY)
    const weekdays = assertWeekdays(input?.weekdays)
    const resource = await this.resourceService_.bookingResource(resourceId, sharedContext)
    let startTimes = [""]
    if (resource.booking_unit === "departure") {
      if (input?.start_times === undefined || input?.start_times === null) {
        throw invalid(`start_times is required for resource ${resourceId}: its booking_unit is "departure" (e.g. ["08:00", "15:30"])`)
      }
      startTimes = assertStartTimes(input.start_times)
    } else if (input?.start_times !== undefined && input?.start_times !== null) {
      throw invalid(`start_times is only for departures: resource ${resourceId} has booking_unit "date"`)
    }
    const keys = scheduleKeys(eachDate(from, to), startTimes, weekdays).map((k) => keyOf(resourceId, k.date, k.start_time))
    if (!keys.length) {
      throw invalid(`No date of ${from}..${to} falls on weekdays ${weekdays.join(", ")} (1 = Monday … 7 = Sunday)`)
    }
    if (keys.length > MAX_SCHEDULE_KEYS) {
      throw invalid(`One setCapacity call sets at most ${MAX_SCHEDULE_KEYS} capacity rows; ${from}..${to} × ${startTimes.length} start times is ${keys.length}`)
    }
    return await this.translate(`Capacity of resource ${resourceId}`, () =>
      this.setCapacity_(resourceId, keys, maxCapacity, sharedContext)
    )
  }

  @InjectBookingTransaction()
  protected async setCapacity_(
    resourceId: string,
    keys: CapacityKey[],
    maxCapacity: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceCapacityDTO[]> {
    await this.resourceService_.assertExists(resourceId, sharedContext)
    await this.capacityService_.lockKeys(keys, sharedContext)
    // Overdue holds must not count against a lowered maximum.
    queueEvents(sharedContext, expiryEvents(await this.reclaim(resourceId, keys, sharedContext)))
    const rows = await this.capacityService_.readKeys(resourceId, keys, sharedContext)
    const blocked = rows.filter((row) => row.held > maxCapacity)
    if (blocked.length) {
      throw notAllowed(
        `Cannot set max_capacity of resource ${resourceId} to ${maxCapacity}: ` +
          blocked.map((row) => `${describeKey(row)} has ${row.held} units held`).join("; ")
      )
    }
    return await this.capacityService_.upsertKeys(resourceId, keys, maxCapacity, sharedContext)
  }

  @InjectManager()
  async getAvailability(
    input: AvailabilityInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AvailabilityDTO[]> {
    const resourceId = assertId("resource_id", input?.resource_id)
    const { from, to } = assertRange(input?.from, input?.to)
    const resource = await this.resourceService_.bookingResource(resourceId, sharedContext)
    const rules = rulesOf(resource, this.options_.timezone)
    const now = new Date()
    const clock = ruleClock(rules, now)
    if (resource.booking_unit === "departure") {
      const rows = await this.capacityService_.departures(resourceId, from, to, sharedContext)
      return departureAvailability(from, to, rows, rules, now, clock)
    }
    const days = await this.capacityService_.availability(resourceId, eachDate(from, to), sharedContext)
    // `bookable`: a capacity row, and a booking may start on the date now (not before today,
    // not past the cut-off, not beyond the horizon). A booking that starts within the horizon
    // may still run past it: multi-date checks belong to listStartDates and createHold.
    return days.map((day) => ({ ...day, bookable: day.bookable && withinRules(day.date, clock) }))
  }

  /**
   * The admin's capacity calendar: per date of [from, to] (at most MAX_RANGE_DAYS), capacity
   * with the units held by ACTIVE (and overdue) and CONFIRMED holds, and how the date reads
   * ("open", "full_with_holds", "sold_out", "no_capacity"). One statement.
   */
  @InjectManager()
  async getCapacityCalendar(
    input: CapacityCalendarInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CalendarDayDTO[]> {
    const resourceId = assertId("resource_id", input?.resource_id)
    const { from, to } = assertRange(input?.from, input?.to)
    const resource = await this.resourceService_.bookingResource(resourceId, sharedContext)
    if (resource.booking_unit === "departure") {
      return departureCalendar(from, to, await this.capacityService_.departures(resourceId, from, to, sharedContext))
    }
    return await this.capacityService_.calendar(resourceId, eachDate(from, to), sharedContext)
  }

  @InjectManager()
  async auditCapacity(
    input: AuditCapacityInput = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CapacityDriftDTO[]> {
    const filter = {
      resource_id: input?.resource_id === undefined ? undefined : assertId("resource_id", input.resource_id),
      from: input?.from === undefined ? undefined : assertCalendarDate("from", input.from),
      to: input?.to === undefined ? undefined : assertCalendarDate("to", input.to),
    }
    return await this.capacityService_.audit(filter, sharedContext)
  }

  /**
   * The capacity repair (see CapacityRepairService): every capacity row of the filter whose
   * available differs from max − held, with the holds behind it. With `fix`, sets each back
   * under its lock, `batchSize` rows (default 100) per transaction, logging every change;
   * an oversold row (more held than max) is reported and left. Refused with CONFLICT,
   * changing nothing, while a cleanup run is in progress. Idempotent.
   */
  @InjectManager()
  async reconcileCapacity(
    input: ReconcileCapacityInput = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CapacityReconcileReport> {
    if (input?.fix !== undefined && typeof input.fix !== "boolean") {
      throw invalid(`fix must be true or false, got ${JSON.stringify(input.fix)}`)
    }
    const filter = {
      resource_id: input?.resource_id === undefined ? undefined : assertId("resource_id", input.resource_id),
      from: input?.from === undefined ? undefined : assertCalendarDate("from", input.from),
      to: input?.to === undefined ? undefined : assertCalendarDate("to", input.to),
    }
    if (filter.from && filter.to && filter.to < filter.from) {
      throw invalid(`to (${filter.to}) must not be before from (${filter.from})`)
    }
    const batchSize = input?.batchSize === undefined ? 100 : assertInteger("batchSize", input.batchSize, 1, 1000)
    const repair = this.capacityRepairService_
    return await this.translate("Capacity repair", () =>
      input?.fix ? repair.repair(filter, batchSize, sharedContext) : repair.report(filter, sharedContext)
    )
  }

  // ---------------------------------------------------------------- holds

  /**
   * Takes `quantity` units on every date of the booking (`date`, `from`+`to` or
   * `check_in`+`check_out`) and its turnaround dates, or nothing: one transaction, the dates'
   * locks taken in the global sorted order. The resource's rules are checked first (a 400
   * naming the rule); a refusal for capacity names every short date and changes nothing on any.
   */
  @InjectManager()
  @EmitEvents()
  async createHold(
    input: CreateHoldInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO> {
    const resourceId = assertId("resource_id", input?.resource_id)
    const data = {
      resource_id: resourceId,
      quantity: assertInteger("quantity", input?.quantity, 1, MAX_HOLD_QUANTITY),
      ttl_minutes:
        input?.ttl_minutes === undefined
          ? this.options_.ttlMinutes
          : assertInteger("ttl_minutes", input.ttl_minutes, 1, this.options_.maxHoldLifetimeMinutes),
      cart_id: assertOptionalText("cart_id", input?.cart_id),
      customer_id: assertOptionalText("customer_id", input?.customer_id),
      metadata: assertMetadata(input?.metadata),
    }
    const booking = await this.bookableSpan(resourceId, input, sharedContext)
    const request = { ...data, ...booking.span, start_time: booking.span.start_time ?? "" }
    const decision = await this.translate(`Resource ${resourceId} on ${describeSpan(booking.span)}`, () =>
      this.options_.unsafeSkipLocking
        ? this.createHoldUnlocked_(request, sharedContext)
        : this.createHold_({ ...request, name: booking.name }, sharedContext)
    )
    return await this.settle(decision, sharedContext)
  }

  @InjectBookingTransaction()
  protected async createHold_(
    data: HoldRequest & { name: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Decision<ResourceHoldDTO>> {
    const keys = keysOf(data.resource_id, data)
    await this.capacityService_.lockKeys(keys, sharedContext, ownerLockNames(data))
    const take = () =>
      this.holdService_.insertTakingUnits({ ...data, ...capsFor(data, this.options_) }, sharedContext)
    let outcome = await take()
    // A date after the last booked one is occupied by the turnaround rule: a refusal says so.
    const turnaround = (date: string) => date > data.end_date ? `turnaround_days = ${data.turnaround_days}` : null
    if (!outcome.hold) {
      const missing = keys.filter((k) => !outcome.capacity.some((c) => c.date === k.date))
      if (missing.length) {
        const named = missing.map((k) => (turnaround(k.date) ? `${k.date} (${turnaround(k.date)})` : describeKey(k)))
        return { refusal: notAllowed(`Resource ${data.resource_id} has no capacity on ${named.join(", ")}`) }
      }
      const capped = capRefusal(data, outcome.usage, this.options_)
      if (capped) {
        return { refusal: notAllowed(capped) }
      }
      // Lazy reclaim: an expired hold never blocks a sale, even while the cleanup job is down.
      const reclaimed = await this.reclaim(data.resource_id, keys, sharedContext)
      queueEvents(sharedContext, expiryEvents(reclaimed))
      if (reclaimed.expiredCount) {
        outcome = await take()
      }
    }
    if (!outcome.hold) {
      const short = outcome.capacity.filter((c) => c.available < data.quantity)
      return {
        refusal: notAllowed(
          `Insufficient capacity for ${JSON.stringify(data.name)} on ` +
            short
              .map((c) => `${describeKey({ date: c.date, start_time: data.start_time })} (${[turnaround(c.date), `${c.available} of ${data.quantity} available`].filter(Boolean).join(", ")})`)
              .join(", ")
        ),
      }
    }
    const hold = outcome.hold
    queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CREATED, hold, { expires_at: hold.expires_at.toISOString() })])
    return { result: toPublicHold(hold) }
  }

  /**
   * Test harness control only (unsafe_skip_locking): no lock, and each date's available
   * written as an absolute value computed from an earlier read — the lost update the locks
   * and the one-statement creation exist to prevent.
   */
  @InjectBookingTransaction()
  protected async createHoldUnlocked_(
    data: HoldRequest,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Decision<ResourceHoldDTO>> {
    const rows = []
    for (const key of keysOf(data.resource_id, data)) {
      const row = await this.capacityService_.findRow(key, sharedContext)
      if (!row) {
        return { refusal: notAllowed(`Resource ${data.resource_id} has no capacity on ${describeKey(key)}`) }
      }
      if (row.available_capacity < data.quantity) {
        return { refusal: notAllowed(`Insufficient capacity for resource ${data.resource_id} on ${describeKey(key)}`) }
      }
      rows.push(row)
    }
    const hold = await this.holdService_.insertUnchecked(data, sharedContext)
    for (const row of rows) {
      await this.capacityService_.overwriteAvailable(row.id, row.available_capacity - data.quantity, sharedContext)
    }
    return { result: toPublicHold(hold) }
  }

  /**
   * The dates a booking on the resource occupies, checked against its rules now; without
   * taking anything. Throws NOT_FOUND, NOT_ALLOWED for an inactive resource, INVALID_DATA for
   * a malformed booking, NOT_ALLOWED naming the rule and its value.
   */
  @InjectManager()
  async resolveBooking(
    input: { resource_id: string } & BookingDatesInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BookingSpan> {
    const resourceId = assertId("resource_id", input?.resource_id)
    return (await this.bookableSpan(resourceId, input, sharedContext)).span
  }

  /** The resource's rules and what they allow now (today, first and last start dates). */
  @InjectManager()
  async getBookingRules(resourceId: string, @MedusaContext() sharedContext: Context = {}): Promise<BookingRulesDTO> {
    const resource = await this.resourceService_.bookingResource(assertId("resource_id", resourceId), sharedContext)
    const rules = rulesOf(resource, this.options_.timezone)
    const soldBy = { booking_unit: resource.booking_unit, min_quantity: resource.min_quantity === null ? null : Number(resource.min_quantity) }
    return { ...soldBy, ...rules, ...ruleClock(rules, new Date()) }
  }

  /**
   * Every date of [from, to], ascending, on which a booking of `days` dates (plus the
   * resource's turnaround) for `quantity` units can start now, every rule applied: the rules
   * bound the candidate dates, one statement checks capacity over each window.
   */
  @InjectManager()
  async listStartDates(input: StartDatesInput, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const resourceId = assertId("resource_id", input?.resource_id)
    const { from, to } = assertRange(input?.from, input?.to)
    const days = assertInteger("days", input?.days, 1, MAX_BOOKING_DAYS)
    const quantity = assertInteger("quantity", input?.quantity, 1, MAX_HOLD_QUANTITY)
    const resource = await this.resourceService_.bookingResource(resourceId, sharedContext)
    if (resource.booking_unit === "departure") {
      throw invalid(
        `Start dates are for date resources: resource ${resourceId} is sold by departure; ` +
          `read its departures from the availability (GET /store/resource-booking/availability)`
      )
    }
    const rules = rulesOf(resource, this.options_.timezone)
    const clock = ruleClock(rules, new Date())
    const length = lengthRefusal(resource.name, rules, days)
    if (length) {
      throw notAllowed(length)
    }
    const first = from > clock.earliest_start ? from : clock.earliest_start
    const last = clock.latest_start !== null && clock.latest_start < to ? clock.latest_start : to
    if (last < first) {
      return []
    }
    return await this.capacityService_.startDates(resourceId, { from: first, to: last }, days + rules.turnaround_days, quantity, sharedContext)
  }

  /** Attaches an ACTIVE hold to the cart line it serves (so removing the line releases it). */
  @InjectManager()
  async attachHoldToLine(
    input: { hold_id: string; line_item_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO> {
    const holdId = assertId("hold_id", input?.hold_id)
    const lineItemId = assertOptionalText("line_item_id", input?.line_item_id)!
    return await this.translate(`Hold ${holdId}`, () => this.attachHoldToLine_(holdId, lineItemId, sharedContext))
  }

  @InjectBookingTransaction()
  protected async attachHoldToLine_(
    holdId: string,
    lineItemId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO> {
    const hold = await this.lockHold(holdId, sharedContext)
    if (hold.status !== HoldStatus.ACTIVE) {
      throw notAllowed(`Hold ${holdId} is ${hold.status} and cannot be attached to a line`)
    }
    await this.holdService_.attachLine(holdId, lineItemId, sharedContext)
    return toPublicHold((await this.holdService_.find(holdId, sharedContext))!)
  }

  /**
   * The booking's span on a bookable resource, checked against its rules now, and the
   * resource's name. A date resource takes any of the three date forms and no start time; a
   * departure resource takes `date` and `start_time` only (INVALID_DATA naming the field).
   */
  protected async bookableSpan(
    resourceId: string,
    request: BookingDatesInput,
    sharedContext: Context
  ): Promise<{ span: BookingSpan; name: string }> {
    const resource = await this.resourceService_.bookingResource(resourceId, sharedContext)
    const departure = resource.booking_unit === "departure"
    const startTime = departureTimeOf(resourceId, departure, request)
    const booked = bookedDatesOf(request)
    if (!resource.is_active) {
      throw notAllowed(`Resource ${resourceId} is not active and cannot be booked`)
    }
    const rules = rulesOf(resource, this.options_.timezone)
    const now = new Date()
    const clock = ruleClock(rules, now)
    const refusal = startTime
      ? departureRefusal(resource.name, rules, booked.date, startTime, now, clock)
      : ruleRefusal(resource.name, rules, booked, clock)
    if (refusal) {
      throw notAllowed(refusal)
    }
    return { span: startTime ? spanOf(booked, 0, startTime) : spanOf(booked, rules.turnaround_days), name: resource.name }
  }

  @InjectManager()
  @EmitEvents()
  async confirmHold(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ResourceHoldDTO> {
    const holdId = assertId("id", id)
    return await this.settle(
      await this.translate(`Hold ${holdId}`, () => this.confirmHold_(holdId, sharedContext)),
      sharedContext
    )
  }

  @InjectBookingTransaction()
  protected async confirmHold_(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Decision<ResourceHoldDTO>> {
    const hold = await this.lockHold(id, sharedContext)
    if (hold.status === HoldStatus.CONFIRMED) {
      return { result: toPublicHold(hold) }
    }
    if (hold.status === HoldStatus.ACTIVE && hold.overdue) {
      return await this.expireOverdueHold(hold, sharedContext)
    }
    if (hold.status !== HoldStatus.ACTIVE) {
      throw notAllowed(`Hold ${id} is ${hold.status} and cannot be confirmed`)
    }
    const confirmed = await this.holdService_.transition(id, HoldStatus.CONFIRMED, sharedContext)
    queueEvents(sharedContext, [holdEvent(ResourceBookingEvents.HOLD_CONFIRMED, confirmed)])
    return { result: toPublicHold(confirmed) }
  }

  @InjectManager()
  @EmitEvents()
  async releaseHold(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ResourceHoldDTO> {
    const holdId = assertId("id", id)
    return await this.settle(
      await this.translate(`Hold ${holdId}`, () => this.releaseHold_(holdId, sharedContext)),
      sharedContext
    )
  }

  @InjectBookingTransaction()
  protected async releaseHold_(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Decision<ResourceHoldDTO>> {
    const hold = await this.lockHold(id, sharedContext)
    if (hold.status === HoldStatus.RELEASED || hold.status === HoldStatus.EXPIRED) {
      // Idempotent; an EXPIRED hold already gave its units back once.
      return { result: toPublicHold(hold) }
    }
    const released = await this.holdService_.transition(id, HoldStatus.RELEASED, sharedContext)
    await this.capacityService_.adjustHold(hold, hold.quantity, sharedContext)
    queueEvents(sharedContext, [
      holdEvent(ResourceBookingEvents.HOLD_RELEASED, released),
      ...capacityReleasedOn(hold),
    ])
    return { result: toPublicHold(released) }
  }

  @InjectManager()
  @EmitEvents()
  async extendHold(
    id: string,
    minutes: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO> {
    const holdId = assertId("id", id)
    const extension = assertInteger("minutes", minutes, 1, this.options_.maxHoldLifetimeMinutes)
    return await this.settle(
      await this.translate(`Hold ${holdId}`, () => this.extendHold_(holdId, extension, sharedContext)),
      sharedContext
    )
  }

  @InjectBookingTransaction()
  protected async extendHold_(
    id: string,
    minutes: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Decision<ResourceHoldDTO>> {
    const hold = await this.lockHold(id, sharedContext)
    if (hold.status === HoldStatus.ACTIVE && hold.overdue) {
      return await this.expireOverdueHold(hold, sharedContext)
    }
    if (hold.status !== HoldStatus.ACTIVE) {
      throw notAllowed(`Hold ${id} is ${hold.status} and cannot be extended`)
    }
    const max = this.options_.maxHoldLifetimeMinutes
    const window = await this.holdService_.extensionWindow(id, minutes, max, sharedContext)
    if (window.exceeds) {
      throw notAllowed(
        `Hold ${id} cannot be extended by ${minutes} minutes: its maximum lifetime of ` +
          `${max} minutes ends at ${window.limit.toISOString()}`
      )
    }
    const extended = await this.holdService_.setExpiresAt(id, minutes, sharedContext)
    queueEvents(sharedContext, [
      holdEvent(ResourceBookingEvents.HOLD_EXTENDED, extended, { expires_at: extended.expires_at.toISOString() }),
    ])
    return { result: toPublicHold(extended) }
  }

  /** One hold as the verbs return it (dates as `YYYY-MM-DD`), or NOT_FOUND. */
  @InjectManager()
  async retrieveHold(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ResourceHoldDTO> {
    const hold = await this.holdService_.find(assertId("id", id), sharedContext)
    if (!hold) {
      throw notFound(`ResourceHold with id: ${id} was not found`)
    }
    return toPublicHold(hold)
  }

  /** Holds by status, resource, date, cart and overdue-ness, newest first, with the total. */
  @InjectManager()
  async listHolds(
    filter: HoldListFilter = {},
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[ResourceHoldDTO[], number]> {
    const checked: HoldListFilter = {
      ...(filter.status !== undefined && { status: filter.status }),
      ...(filter.resource_id !== undefined && { resource_id: assertId("resource_id", filter.resource_id) }),
      ...(filter.date !== undefined && { date: assertCalendarDate("date", filter.date) }),
      ...(filter.start_time !== undefined && { start_time: assertStartTime("start_time", filter.start_time) }),
      ...(filter.cart_id !== undefined && { cart_id: assertOptionalText("cart_id", filter.cart_id)! }),
      ...(filter.order_id !== undefined && { order_id: assertOptionalText("order_id", filter.order_id)! }),
      ...(filter.overdue !== undefined && { overdue: filter.overdue }),
      ...(filter.confirmation_failed !== undefined && { confirmation_failed: filter.confirmation_failed }),
    }
    if (checked.status !== undefined && !Object.values(HoldStatus).includes(checked.status)) {
      throw invalid(`status must be one of ${Object.values(HoldStatus).join(", ")}`)
    }
    const limit = assertInteger("limit", page.limit ?? 20, 1, 1000)
    const offset = assertInteger("offset", page.offset ?? 0, 0, 1_000_000_000)
    const [rows, count] = await this.holdService_.list(checked, { limit, offset }, sharedContext)
    return [rows.map(toPublicHold), count]
  }

  // ---------------------------------------------------------------- cleanup

  /**
   * Expires every ACTIVE hold past its expires_at (or `now`, for tests) and restores its
   * units. Safe to run concurrently with itself and with checkouts; see CleanupService.
   */
  @InjectManager()
  @EmitEvents()
  async cleanupExpiredHolds(
    input: CleanupInput = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CleanupResult> {
    if (input?.now !== undefined && !(input.now instanceof Date && !isNaN(input.now.getTime()))) {
      throw notAllowed(`now must be a valid Date, got ${String(input.now)}`)
    }
    const batchSize =
      input?.batchSize === undefined ? undefined : assertInteger("batchSize", input.batchSize, 1, 5000)
    const maxHoldsPerBatch =
      input?.maxHoldsPerBatch === undefined
        ? undefined
        : assertInteger("maxHoldsPerBatch", input.maxHoldsPerBatch, 1, 10_000_000)
    const concurrency =
      input?.concurrency === undefined ? undefined : assertInteger("concurrency", input.concurrency, 1, 16)
    return await this.translate("Cleanup", () =>
      this.cleanupService_.run({ now: input?.now, batchSize, maxHoldsPerBatch, concurrency }, sharedContext)
    )
  }

  /**
   * Reports every departure whose cut-off has passed (at `now`, default the current time) with
   * fewer units CONFIRMED than its resource's min_quantity: marks it `below_minimum_at` and
   * emits `resource_booking.departure.below_minimum` { resource_id, date, start_time,
   * confirmed, minimum }, once per departure however many runs (concurrent ones included) see
   * it. Part of every cleanup run. Cancels nothing.
   */
  @InjectManager()
  @EmitEvents()
  async flagDeparturesBelowMinimum(
    input: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<BelowMinimumRow[]> {
    if (input?.now !== undefined && !(input.now instanceof Date && !isNaN(input.now.getTime()))) {
      throw invalid(`now must be a valid Date, got ${String(input.now)}`)
    }
    const flagged = await this.translate("Departures below minimum", () =>
      this.flagDeparturesBelowMinimum_(input?.now ?? new Date(), sharedContext)
    )
    queueEvents(
      sharedContext,
      flagged.map((data) => ({ eventName: ResourceBookingEvents.DEPARTURE_BELOW_MINIMUM, data }))
    )
    if (flagged.length) {
      this.logger_.info(JSON.stringify({ message: "[Cleanup Job] Departures below minimum", count: flagged.length, departures: flagged }))
    }
    return flagged
  }

  @InjectBookingTransaction()
  protected async flagDeparturesBelowMinimum_(now: Date, @MedusaContext() sharedContext: Context = {}): Promise<BelowMinimumRow[]> {
    return await this.capacityService_.flagBelowMinimum(this.options_.timezone, now, sharedContext)
  }

  /**
   * One cleanup run as the job, the admin route and the manual script start it: single
   * flight across every instance sharing the database, recorded in the run history,
   * logged as structured entries. Returns `status: "skipped"` (and no result) when
   * another run is in progress. A failed run is recorded, logged and rethrown.
   */
  @InjectManager()
  async runCleanup(
    input: { trigger: CleanupTrigger; now?: Date; batchSize?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CleanupRunOutcome> {
    const trigger = input?.trigger
    if (!Object.values(CleanupTrigger).includes(trigger)) {
      throw invalid(`trigger must be one of ${Object.values(CleanupTrigger).join(", ")}, got ${JSON.stringify(trigger)}`)
    }
    return await this.cleanupRunService_.run(
      trigger,
      async () => {
        const result = await this.cleanupExpiredHolds({ now: input.now, batchSize: input.batchSize })
        await this.flagDeparturesBelowMinimum({ now: input.now })
        const holdsDeleted = await this.purgeTerminalHolds()
        await this.auditIfDue(sharedContext)
        return { ...result, holdsDeleted }
      },
      sharedContext
    )
  }

  /**
   * Counts the whole hold table (totals by status, capacity drift from today on) and
   * stores it as the latest audit, which the health report reads once the table is past
   * HOLD_HEALTH_LIVE_COUNT_LIMIT holds. The cleanup job calls it at most every
   * HOLD_AUDIT_INTERVAL_SECONDS; call it after repairing data to refresh the report at once.
   */
  @InjectManager()
  async auditHolds(@MedusaContext() sharedContext: Context = {}): Promise<HoldAuditDTO> {
    const audit = await this.healthService_.audit(sharedContext)
    return {
      id: audit.id,
      audited_at: audit.at,
      duration_ms: audit.durationMs,
      holds: { active: audit.active, expired: audit.expired, confirmed: audit.confirmed, released: audit.released },
      drift_records: audit.driftRecords,
    }
  }

  /** A run's audit, when the latest is older than the interval. Its failure is logged, not the run's. */
  protected async auditIfDue(sharedContext: Context): Promise<void> {
    try {
      const age = await this.healthService_.auditAgeSeconds(sharedContext)
      if (age === null || age >= this.options_.auditIntervalSeconds) {
        await this.auditHolds(sharedContext)
      }
    } catch (error) {
      this.logger_.warn(JSON.stringify({ message: "[Cleanup Job] Hold audit failed", error: describeError(error) }))
    }
  }

  /**
   * Retention: deletes EXPIRED and RELEASED holds that ended more than `olderThanDays`
   * (HOLD_RETENTION_DAYS, default 90) days ago, in transactions of `batchSize` holds, at
   * most `maxHolds` per call (the rest on the next run), so the table follows the business,
   * not its age. CONFIRMED holds are kept. Returns how many were deleted.
   */
  @InjectManager()
  async purgeTerminalHolds(
    input: { olderThanDays?: number; batchSize?: number; maxHolds?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const olderThanDays =
      input?.olderThanDays === undefined
        ? this.options_.holdRetentionDays
        : assertInteger("olderThanDays", input.olderThanDays, 1, 36500)
    const batchSize =
      input?.batchSize === undefined ? PURGE_BATCH_HOLDS : assertInteger("batchSize", input.batchSize, 1, 100_000)
    const maxHolds =
      input?.maxHolds === undefined ? PURGE_MAX_HOLDS_PER_RUN : assertInteger("maxHolds", input.maxHolds, 1, 100_000_000)
    let deleted = 0
    while (deleted < maxHolds) {
      const batch = await this.purgeTerminalHoldsBatch_(olderThanDays, Math.min(batchSize, maxHolds - deleted), sharedContext)
      deleted += batch
      if (batch < batchSize) {
        break
      }
    }
    return deleted
  }

  @InjectBookingTransaction()
  protected async purgeTerminalHoldsBatch_(
    olderThanDays: number,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return await this.holdService_.deleteTerminal(olderThanDays, limit, sharedContext)
  }

  // ---------------------------------------------------------------- checkout

  /**
   * Checks that the cart's ACTIVE, not-overdue holds cover every requirement and, if so,
   * keeps them alive for `margin_minutes` more (cart completion). Returns the uncovered
   * requirements; empty means the cart may complete.
   */
  @InjectManager()
  @EmitEvents()
  async secureCartHolds(
    input: { cart_id: string; requirements: BookingRequirement[]; margin_minutes: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CartHoldProblem[]> {
    const cartId = assertOptionalText("cart_id", input?.cart_id)!
    const requirements = checkRequirements(input?.requirements)
    const margin = assertInteger("margin_minutes", input?.margin_minutes, 1, 120)
    return await this.translate(`Cart ${cartId}`, () =>
      this.checkoutService_.secure(cartId, requirements, margin, sharedContext)
    )
  }

  /** Confirms the cart's holds for the placed order (see CheckoutService.confirm). Idempotent. */
  @InjectManager()
  @EmitEvents()
  async confirmCartHolds(
    input: { cart_id: string; order_id: string; requirements: BookingRequirement[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CartConfirmation> {
    const cartId = assertOptionalText("cart_id", input?.cart_id)!
    const orderId = assertOptionalText("order_id", input?.order_id)!
    const requirements = checkRequirements(input?.requirements)
    return await this.translate(`Cart ${cartId}`, () =>
      this.checkoutService_.confirm(cartId, orderId, requirements, sharedContext)
    )
  }

  /** Releases the holds confirmed for an order (order canceled). Idempotent. */
  @InjectManager()
  @EmitEvents()
  async releaseOrderHolds(
    input: { order_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO[]> {
    const orderId = assertOptionalText("order_id", input?.order_id)!
    return await this.translate(`Order ${orderId}`, () => this.checkoutService_.releaseOrder(orderId, sharedContext))
  }

  /** Attaches the cart's holds to its lines and releases those whose line was removed. */
  @InjectManager()
  @EmitEvents()
  async reconcileCartHolds(
    input: { cart_id: string; lines: BookingLine[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ResourceHoldDTO[]> {
    const cartId = assertOptionalText("cart_id", input?.cart_id)!
    const lines = (Array.isArray(input?.lines) ? input.lines : []).map((line) => {
      const date = assertCalendarDate("date", line?.date)
      return {
        line_item_id: assertOptionalText("line_item_id", line?.line_item_id)!,
        resource_id: assertId("resource_id", line?.resource_id),
        date,
        end_date: line?.end_date === undefined || line?.end_date === null ? date : assertCalendarDate("end_date", line.end_date),
        start_time: assertOptionalText("start_time", line?.start_time),
      }
    })
    return await this.translate(`Cart ${cartId}`, () => this.checkoutService_.reconcile(cartId, lines, sharedContext))
  }

  /** Workflow compensation: a RELEASED hold back to `status` if its units are still free. */
  @InjectManager()
  @EmitEvents()
  async reinstateHold(
    id: string,
    status: HoldStatus.ACTIVE | HoldStatus.CONFIRMED,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const holdId = assertId("id", id)
    const reinstated = await this.translate(`Hold ${holdId}`, () =>
      this.checkoutService_.reinstate(holdId, status, sharedContext)
    )
    if (!reinstated) {
      this.logger_.warn(
        JSON.stringify({ message: `Hold ${holdId} could not be reinstated: released units were taken meanwhile` })
      )
    }
    return reinstated
  }

  /** Workflow compensation: an ACTIVE hold's expires_at back to what it was. */
  @InjectManager()
  async restoreHoldExpiry(id: string, expiresAt: Date, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const holdId = assertId("id", id)
    await this.translate(`Hold ${holdId}`, () => this.checkoutService_.restoreExpiry(holdId, expiresAt, sharedContext))
  }

  /** Workflow compensation: CONFIRMED holds back to ACTIVE (their units stay taken). */
  @InjectManager()
  async unconfirmHolds(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const holdIds = (Array.isArray(ids) ? ids : []).map((id) => assertId("id", id))
    await this.translate("Holds", () => this.checkoutService_.unconfirm(holdIds, sharedContext))
  }

  // ---------------------------------------------------------------- health

  /**
   * The health report (see utils/health-rules). Never throws for a database failure: that
   * is itself the answer ("unhealthy", services "unavailable").
   */
  @InjectManager()
  async getHealth(@MedusaContext() sharedContext: Context = {}): Promise<HealthReport> {
    const thresholds = {
      schedule: this.options_.cleanupInterval,
      graceSeconds: this.options_.healthGraceSeconds,
      overdueCritical: this.options_.healthOverdueCritical,
      staleRunIntervals: this.options_.healthStaleRunIntervals,
    }
    try {
      // A database that does not answer (a pool waiting for connections that are refused)
      // must not hang the monitor: past HEALTH_DB_TIMEOUT_MS the report says unreachable.
      const facts = await withDeadline(
        this.healthService_.facts(
          { graceSeconds: thresholds.graceSeconds, liveCountLimit: this.options_.healthLiveCountLimit },
          sharedContext
        ),
        HEALTH_DB_TIMEOUT_MS,
        `no answer within ${HEALTH_DB_TIMEOUT_MS} ms`
      )
      return evaluateHealth(facts, thresholds)
    } catch (error) {
      this.logger_.error(JSON.stringify({ message: "[Health] Database check failed", error: describeError(error) }))
      return unreachableHealth(new Date(), thresholds, describeError(error))
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Finds the hold, takes the locks of every date it occupies, then row-locks and re-reads it (lock order). */
  protected async lockHold(id: string, sharedContext: Context): Promise<HoldRow> {
    const found = await this.holdService_.find(id, sharedContext)
    if (!found) {
      throw notFound(`ResourceHold with id: ${id} was not found`)
    }
    // A hold's resource and dates never change: the keys read before the lock stay its keys.
    await this.capacityService_.lockKeys(keysOf(found.resource_id, found), sharedContext)
    return (await this.holdService_.find(id, sharedContext, true))!
  }

  /** Expires one overdue hold (kept: committed) and refuses the verb that met it. */
  protected async expireOverdueHold(
    hold: HoldRow,
    sharedContext: Context
  ): Promise<Decision<ResourceHoldDTO>> {
    const span = { resource_id: hold.resource_id, date: hold.date, occupied_to: hold.occupied_to, start_time: hold.start_time ?? "" }
    const outcome = await this.holdService_.expireOverdue({ spans: [span], cutoff: null, holdId: hold.id }, sharedContext)
    assertRestored(outcome)
    queueEvents(sharedContext, expiryEvents(outcome))
    return { refusal: notAllowed(`Hold ${hold.id} expired at ${hold.expires_at.toISOString()}`) }
  }

  /**
   * Lazy reclaim on `locked` (keys of one resource the transaction holds): expires the overdue
   * holds occupying any of them and restores every date they occupy. A hold reaching past the
   * locked keys needs its other dates' locks too: they are tried without waiting (no cycle can
   * form); one held elsewhere makes the verb a CONFLICT (retry), never a wait out of order.
   */
  protected async reclaim(resourceId: string, locked: CapacityKey[], sharedContext: Context) {
    const sorted = [...locked].sort((a, b) => a.date.localeCompare(b.date))
    const from = sorted[0].date
    const to = sorted[sorted.length - 1].date
    const name = (k: CapacityKey) => `${k.date}|${k.start_time}`
    const inside = new Set(locked.map(name))
    // Overdue holds of the locked start times reaching into [from, to]; only those occupying a locked key count.
    const spans = (await this.holdService_.overdueSpansOccupying(resourceId, sorted, sharedContext)).filter((span) =>
      keysOf(resourceId, span).some((k) => inside.has(name(k)))
    )
    const beyond = [...new Map(spans.flatMap((span) => keysOf(resourceId, span)).map((k) => [name(k), k])).values()].filter(
      (k) => !inside.has(name(k))
    )
    if (!(await this.capacityService_.tryLockKeys(beyond, sharedContext))) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Resource ${resourceId} on ${from}..${to} is busy with another booking operation; retry shortly`
      )
    }
    const outcome = await this.holdService_.expireOverdue({ spans, cutoff: null }, sharedContext)
    assertRestored(outcome)
    return outcome
  }

  /**
   * The verb's answer. A refusal is thrown after its transaction committed; the events of
   * what did commit (an expiry on the way) are emitted first, since @EmitEvents only emits
   * for verbs that return.
   */
  protected async settle<T>(decision: Decision<T>, sharedContext: Context): Promise<T> {
    if (decision.refusal) {
      const aggregator = sharedContext.messageAggregator
      if (aggregator && Object.values(aggregator.getMessages()).some((group) => group.length)) {
        await (this as any).emitEvents_(aggregator.getMessages())
        aggregator.clearMessages()
      }
      throw decision.refusal
    }
    return decision.result as T
  }

  /** Runs a verb, turning lock timeouts into CONFLICT and constraint breaches into clear refusals. */
  protected async translate<T>(subject: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw translateDatabaseError(error, subject)
    }
  }
}
