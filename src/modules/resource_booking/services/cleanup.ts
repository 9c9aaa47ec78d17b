import { Context, Logger } from "@medusajs/framework/types"
import { InjectBookingTransaction } from "../utils/booking-transaction"
import {
  MedusaContext,
} from "@medusajs/framework/utils"
import {
  CapacityKey,
  CleanupFailure,
  CleanupResult,
  ResolvedOptions,
} from "../types"
import { logHoldFailure } from "../utils/cleanup-log"
import { EventPipeline } from "../utils/event-pipeline"
import { emitNow, expiryEvents } from "../utils/events"
import { describeError, isDataError } from "../utils/errors"
import { sql, toDate } from "../utils/sql"
import { CapacityService } from "./capacity"
import { describeKey, keysOf } from "../utils/booking-span"
import { ExpireOutcome, HoldService, HoldSpan, OverdueSpan } from "./hold"

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
      `no capacity row for ${keys.map((k) => `resource ${k.resource_id} on ${describeKey(k)}`).join(", ")}`
    )
  }
}

type Tally = {
  expiredCount: number
  totalCapacityRestored: number
  batches: number
  failures: CleanupFailure[]
  /** Emits each committed batch's events while the next batch runs. */
  events: EventPipeline
}

/**
 * Expires overdue ACTIVE holds set-wise, in batches of spans: the holds of one span share
 * their resource, first date and last occupied date, so they occupy exactly its keys.
 *
 * Per batch, one transaction: lock every date of the batch's spans (sorted), then one
 * statement re-checks and expires their overdue holds and restores each date's capacity
 * once — a hold's dates all at once, so no reader sees a range half expired. Up to
 * `cleanupConcurrency` batches run at once (see runBatches). A batch that fails on data (a
 * missing capacity row, a CHECK violation) is retried span by span, then hold by hold, so only the bad holds stay ACTIVE; they are skipped for the rest of the
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
    input: { now?: Date; batchSize?: number; maxHoldsPerBatch?: number; concurrency?: number },
    context: Context
  ): Promise<CleanupResult> {
    const started = Date.now()
    // One horizon for the whole run: holds that become overdue meanwhile wait for the next.
    const cutoff = input.now ? input.now.toISOString() : await this.databaseNow(context)
    const spans = await this.holdService_.overdueSpans(cutoff, context)
    const tally: Tally = {
      expiredCount: 0,
      totalCapacityRestored: 0,
      batches: 0,
      failures: [],
      events: new EventPipeline(this.eventBus_, this.logger_),
    }
    const batches = this.packBatches(
      spans,
      input.batchSize ?? this.options_.cleanupBatchSize,
      input.maxHoldsPerBatch ?? this.options_.cleanupBatchHolds
    )
    const failure = await this.runBatches(
      batches,
      input.concurrency ?? this.options_.cleanupConcurrency,
      cutoff,
      tally,
      context
    )
    const durationMs = Date.now() - started
    // Batches committed before a failure are final: their events go out either way.
    const emission = await tally.events.drain()
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
   * Runs the batches on `concurrency` transactions at once, each taking the next batch
   * when it commits. Batches are consecutive runs of spans in the global lock order of their
   * first dates; spans of one-date holds are disjoint keys, so those batches never wait on
   * each other. A range may share dates with a neighbouring batch: one then waits for the
   * other, never in a cycle, since each takes its keys in the global sorted order. Returns the first error that stops the run
   * (others finish the batch they are in, then take no new one), or null.
   */
  protected async runBatches(
    batches: HoldSpan[][],
    concurrency: number,
    cutoff: string,
    tally: Tally,
    context: Context
  ): Promise<unknown> {
    let next = 0
    let failure: unknown = null
    const worker = async () => {
      while (failure === null && next < batches.length) {
        const batch = batches[next++]
        try {
          await this.runBatch(batch, cutoff, tally, context)
        } catch (error) {
          failure ??= error
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker))
    return failure
  }

  /**
   * Consecutive spans (already in lock order): at most `size` dates locked and, unless one
   * span alone has more, at most `maxHolds` holds per batch.
   */
  protected packBatches(spans: OverdueSpan[], size: number, maxHolds: number): HoldSpan[][] {
    const batches: HoldSpan[][] = []
    let current: HoldSpan[] = []
    let dates = 0
    let holds = 0
    for (const span of spans) {
      const spanDates = keysOf(span.resource_id, span).length
      if (current.length && (dates + spanDates > size || holds + span.holds > maxHolds)) {
        batches.push(current)
        current = []
        dates = 0
        holds = 0
      }
      current.push({ resource_id: span.resource_id, date: span.date, occupied_to: span.occupied_to, start_time: span.start_time })
      dates += spanDates
      holds += span.holds
    }
    if (current.length) {
      batches.push(current)
    }
    return batches
  }

  protected async runBatch(
    spans: HoldSpan[],
    cutoff: string,
    tally: Tally,
    context: Context
  ): Promise<void> {
    const excludeIds = tally.failures.map((f) => f.hold_id)
    try {
      await this.count(tally, await this.expire_(spans, cutoff, excludeIds, null, context))
    } catch (error) {
      if (!this.isIsolatable(error)) {
        throw error
      }
      if (spans.length > 1) {
        for (const span of spans) {
          await this.runBatch([span], cutoff, tally, context)
        }
      } else {
        await this.runHoldByHold(spans[0], cutoff, tally, context)
      }
    }
  }

  /** Last resort for one span: each overdue hold alone, so only the bad ones stay ACTIVE. */
  protected async runHoldByHold(
    key: HoldSpan,
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

  /** Counts a committed expiry and sends its events (one per hold, one per key restored). */
  protected async count(tally: Tally, outcome: ExpireOutcome): Promise<void> {
    tally.expiredCount += outcome.expiredCount
    tally.totalCapacityRestored += outcome.unitsRestored
    if (outcome.expiredCount > 0) {
      tally.batches += 1
      tally.events.push(expiryEvents(outcome))
    }
  }

  /** One transaction: lock every date of the spans, then expire and restore under those locks. */
  @InjectBookingTransaction()
  protected async expire_(
    spans: HoldSpan[],
    cutoff: string,
    excludeIds: string[],
    holdId: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ExpireOutcome> {
    await this.capacityService_.lockKeys(spans.flatMap((span) => keysOf(span.resource_id, span)), sharedContext)
    const outcome = await this.holdService_.expireOverdue(
      { spans, cutoff, excludeIds, holdId },
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

function optional<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
