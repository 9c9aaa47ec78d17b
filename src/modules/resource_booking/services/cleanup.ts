import { Context, Logger } from "@medusajs/framework/types"
import {
  InjectTransactionManager,
  MedusaContext,
} from "@medusajs/framework/utils"
import {
  CapacityKey,
  CleanupFailure,
  CleanupResult,
  ResolvedOptions,
} from "../types"
import { logHoldFailure } from "../utils/cleanup-log"
import { BookingMessage, emitNow, expiryEvents } from "../utils/events"
import { describeError, isDataError } from "../utils/errors"
import { sql, toDate } from "../utils/sql"
import { CapacityService } from "./capacity"
import { ExpireOutcome, HoldService, OverdueKey } from "./hold"

type InjectedDependencies = {
  event_bus?: Parameters<typeof emitNow>[0]
  baseRepository: unknown
  logger: Logger
  resourceBookingOptions: ResolvedOptions
  capacityService: CapacityService
  holdService: HoldService
}

/** A batch whose capacity restore would skip a key (its capacity row is missing). */
class MissingCapacityError extends Error {
  constructor(readonly keys: CapacityKey[]) {
    super(
      `no capacity row for ${keys.map((k) => `resource ${k.resource_id} on ${k.date}`).join(", ")}`
    )
  }
}

type Tally = {
  expiredCount: number
  totalCapacityRestored: number
  batches: number
  failures: CleanupFailure[]
  /** What committed batches expired and restored, for the events sent after the last batch. */
  expiredIds: string[]
  restored: BookingMessage[]
}

/**
 * Expires overdue ACTIVE holds set-wise, in batches of resource+date keys.
 *
 * Per batch, one transaction: lock the batch's keys (sorted), then one statement re-checks
 * and expires their overdue holds and restores each key's capacity once. A batch that
 * fails on data (a missing capacity row, a CHECK violation) is retried key by key, then
 * hold by hold, so only the bad holds stay ACTIVE; they are skipped for the rest of the
 * run and retried on the next. Any other error (connection lost, lock timeout) stops the
 * run and is rethrown: committed batches stay committed and correct.
 */
export class CleanupService {
  protected readonly baseRepository_: unknown
  protected readonly logger_: Logger
  protected readonly options_: ResolvedOptions
  protected readonly capacityService_: CapacityService
  protected readonly holdService_: HoldService
  protected readonly eventBus_: InjectedDependencies["event_bus"]

  constructor(deps: InjectedDependencies) {
    this.baseRepository_ = deps.baseRepository
    this.logger_ = deps.logger
    this.options_ = deps.resourceBookingOptions
    this.capacityService_ = deps.capacityService
    this.holdService_ = deps.holdService
    // Optional: the module also runs (and is tested) without an event bus.
    this.eventBus_ = optional(() => deps.event_bus)
  }

  async run(
    input: { now?: Date; batchSize?: number; maxHoldsPerBatch?: number },
    context: Context
  ): Promise<CleanupResult> {
    const started = Date.now()
    // One horizon for the whole run: holds that become overdue meanwhile wait for the next.
    const cutoff = input.now ? input.now.toISOString() : await this.databaseNow(context)
    const keys = await this.holdService_.overdueKeys(cutoff, context)
    const tally: Tally = {
      expiredCount: 0,
      totalCapacityRestored: 0,
      batches: 0,
      failures: [],
      expiredIds: [],
      restored: [],
    }
    const batches = this.packBatches(
      keys,
      input.batchSize ?? this.options_.cleanupBatchSize,
      input.maxHoldsPerBatch ?? this.options_.cleanupBatchHolds
    )
    let failure: unknown = null
    try {
      for (const batch of batches) {
        await this.runBatch(batch, cutoff, tally, context)
      }
    } catch (error) {
      failure = error
    }
    const durationMs = Date.now() - started
    // Batches committed before a failure are final: their events go out either way.
    const emission = await this.emitEvents(tally, context)
    if (failure) {
      throw failure
    }
    return {
      expiredCount: tally.expiredCount,
      totalCapacityRestored: tally.totalCapacityRestored,
      failedCount: tally.failures.length,
      failedHoldIds: tally.failures.map((f) => f.hold_id),
      failures: tally.failures,
      batches: tally.batches,
      durationMs,
      eventsEmitted: emission.count,
      eventEmissionMs: emission.ms,
    }
  }

  /**
   * Consecutive keys (already in lock order): at most `size` keys and, unless one key
   * alone has more, at most `maxHolds` holds per batch.
   */
  protected packBatches(keys: OverdueKey[], size: number, maxHolds: number): CapacityKey[][] {
    const batches: CapacityKey[][] = []
    let current: CapacityKey[] = []
    let holds = 0
    for (const key of keys) {
      if (current.length && (current.length >= size || holds + key.holds > maxHolds)) {
        batches.push(current)
        current = []
        holds = 0
      }
      current.push({ resource_id: key.resource_id, date: key.date })
      holds += key.holds
    }
    if (current.length) {
      batches.push(current)
    }
    return batches
  }

  protected async runBatch(
    keys: CapacityKey[],
    cutoff: string,
    tally: Tally,
    context: Context
  ): Promise<void> {
    const excludeIds = tally.failures.map((f) => f.hold_id)
    try {
      await this.count(tally, await this.expire_(keys, cutoff, excludeIds, null, context))
    } catch (error) {
      if (!this.isIsolatable(error)) {
        throw error
      }
      if (keys.length > 1) {
        for (const key of keys) {
          await this.runBatch([key], cutoff, tally, context)
        }
      } else {
        await this.runHoldByHold(keys[0], cutoff, tally, context)
      }
    }
  }

  /** Last resort for one key: each overdue hold alone, so only the bad ones stay ACTIVE. */
  protected async runHoldByHold(
    key: CapacityKey,
    cutoff: string,
    tally: Tally,
    context: Context
  ): Promise<void> {
    const excluded = tally.failures.map((f) => f.hold_id)
    const ids = await this.holdService_.overdueIds(key, cutoff, excluded, context)
    for (const holdId of ids) {
      try {
        await this.count(tally, await this.expire_([key], cutoff, [], holdId, context))
      } catch (error) {
        if (!this.isIsolatable(error)) {
          throw error
        }
        const failure = { hold_id: holdId, resource_id: key.resource_id, date: key.date, reason: describeError(error) }
        tally.failures.push(failure)
        logHoldFailure(this.logger_, failure)
      }
    }
  }

  protected isIsolatable(error: unknown): boolean {
    return error instanceof MissingCapacityError || isDataError(error)
  }

  /** Counts a committed expiry and keeps its events (one per hold, one per key restored). */
  protected async count(tally: Tally, outcome: ExpireOutcome): Promise<void> {
    tally.expiredCount += outcome.expiredCount
    tally.totalCapacityRestored += outcome.unitsRestored
    if (outcome.expiredCount > 0) {
      tally.batches += 1
      tally.expiredIds.push(...outcome.expiredIds)
      tally.restored.push(...expiryEvents({ expired: [], restoredPerKey: outcome.restoredPerKey }))
    }
  }

  /**
   * Emits the run's events, in bulk, batch by batch, after the last batch has committed:
   * emitting costs CPU in this process (Medusa's local event bus spends ~3 µs per event),
   * which would otherwise slow the batches that keep checkouts waiting. A failed emission
   * is logged, never failing the run: the expiries are committed and correct.
   */
  protected async emitEvents(tally: Tally, context: Context): Promise<{ count: number; ms: number }> {
    const started = Date.now()
    let count = 0
    if (!this.eventBus_) {
      return { count, ms: 0 }
    }
    const chunks: Array<() => Promise<BookingMessage[]>> = [
      ...chunk(tally.expiredIds, EMIT_CHUNK).map((ids) => async () =>
        expiryEvents({ expired: await this.holdService_.expiredDetails(ids, context), restoredPerKey: [] })
      ),
      ...chunk(tally.restored, EMIT_CHUNK).map((messages) => async () => messages),
    ]
    for (const next of chunks) {
      try {
        const messages = await next()
        await emitNow(this.eventBus_, messages)
        count += messages.length
        // The local event bus emits without yielding to I/O: let waiting requests run between chunks.
        await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        this.logger_.warn(
          JSON.stringify({ message: "[Cleanup Job] Could not emit expiry events", error: describeError(error) })
        )
      }
    }
    return { count, ms: Date.now() - started }
  }

  /** One transaction: lock the keys, then expire and restore under those locks. */
  @InjectTransactionManager()
  protected async expire_(
    keys: CapacityKey[],
    cutoff: string,
    excludeIds: string[],
    holdId: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ExpireOutcome> {
    await this.capacityService_.lockKeys(keys, sharedContext)
    const outcome = await this.holdService_.expireOverdue(
      { keys, cutoff, excludeIds, holdId, details: false },
      sharedContext
    )
    if (outcome.missingCapacity.length) {
      throw new MissingCapacityError(outcome.missingCapacity)
    }
    return outcome
  }

  protected async databaseNow(context: Context): Promise<string> {
    const rows = await sql<{ now: string }>(context, `SELECT now() AS now`)
    return toDate(rows[0].now)!.toISOString()
  }
}

/** Events per emit call: ~3 ms of event-loop time on Medusa's local bus, so requests keep flowing. */
const EMIT_CHUNK = 1000

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))
}

function optional<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
