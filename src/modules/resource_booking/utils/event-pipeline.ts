import { Logger } from "@medusajs/framework/types"
import { describeError } from "./errors"
import { BookingMessage, emitNow } from "./events"

type EventBus = Parameters<typeof emitNow>[0]

/**
 * Event-loop time one emit call may take. The chunk size follows the bus's measured cost
 * per event: ~1,000 events on Medusa's local bus (~5 µs each), ~250 on its Redis bus
 * (~75 µs each: serialising and queueing one BullMQ job apiece, in one Redis transaction).
 */
const CHUNK_TARGET_MS = 20
const MIN_CHUNK = 50
const MAX_CHUNK = 1000
/** The first chunk's size, before any cost is measured: small enough for a slow bus. */
const FIRST_CHUNK = 200

/**
 * Emits committed work's events in the background, in order, while the caller goes on.
 *
 * The cleanup pushes each batch's events right after the batch commits and starts the next
 * batch: the database expires batch n+1 while this process emits batch n's events, so
 * emission costs the run little time of its own. Each emit call is sized to take about
 * CHUNK_TARGET_MS, and between calls it yields to I/O (the local event bus emits without
 * yielding; the Redis bus serialises a whole call at once), so waiting requests, the next
 * batch's replies and other Redis clients are served. A chunk that fails to emit is logged
 * and dropped: the work it describes is committed and correct.
 */
export class EventPipeline {
  protected pending: BookingMessage[][] = []
  protected running: Promise<void> | null = null
  protected emitted = 0
  protected busyMs = 0
  protected chunkSize = FIRST_CHUNK

  constructor(
    protected readonly eventBus: EventBus | undefined,
    protected readonly logger: Logger
  ) {}

  push(messages: BookingMessage[]): void {
    if (!this.eventBus || !messages.length) {
      return
    }
    this.pending.push(messages)
    this.running ??= this.pump()
  }

  /** Waits until every pushed event has been emitted; how many, and the time spent emitting. */
  async drain(): Promise<{ count: number; ms: number }> {
    while (this.running) {
      await this.running
    }
    return { count: this.emitted, ms: Math.round(this.busyMs) }
  }

  /** The next `count` pending events, in order (fewer when fewer are pending). */
  protected take(count: number): BookingMessage[] {
    const chunk: BookingMessage[] = []
    while (chunk.length < count && this.pending.length) {
      const head = this.pending[0]
      const wanted = count - chunk.length
      if (head.length <= wanted) {
        chunk.push(...head)
        this.pending.shift()
      } else {
        chunk.push(...head.slice(0, wanted))
        this.pending[0] = head.slice(wanted)
      }
    }
    return chunk
  }

  protected async pump(): Promise<void> {
    try {
      for (let next = this.take(this.chunkSize); next.length; next = this.take(this.chunkSize)) {
        const started = performance.now()
        try {
          await emitNow(this.eventBus, next)
          this.emitted += next.length
        } catch (error) {
          this.logger.warn(
            JSON.stringify({ message: "[Cleanup Job] Could not emit expiry events", error: describeError(error) })
          )
        }
        const ms = performance.now() - started
        this.busyMs += ms
        const perEvent = ms / next.length
        this.chunkSize = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.round(CHUNK_TARGET_MS / Math.max(perEvent, 1e-6))))
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      this.running = null
    }
  }
}
