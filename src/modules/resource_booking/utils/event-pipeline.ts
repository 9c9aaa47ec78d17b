import { Logger } from "@medusajs/framework/types"
import { describeError } from "./errors"
import { BookingMessage, emitNow } from "./events"

type EventBus = Parameters<typeof emitNow>[0]

/** Events per emit call: ~3 ms of event-loop time on Medusa's local bus, so requests keep flowing. */
const EMIT_CHUNK = 1000

/**
 * Emits committed work's events in the background, in order, while the caller goes on.
 *
 * The cleanup pushes each batch's events right after the batch commits and starts the next
 * batch: the database expires batch n+1 while this process emits batch n's events, so
 * emission costs the run little time of its own. Between chunks of EMIT_CHUNK events it
 * yields to I/O (the local event bus emits without yielding), so waiting requests and the
 * next batch's replies are served. A chunk that fails to emit is logged and dropped: the
 * work it describes is committed and correct.
 */
export class EventPipeline {
  protected queue: BookingMessage[][] = []
  protected running: Promise<void> | null = null
  protected emitted = 0
  protected busyMs = 0

  constructor(
    protected readonly eventBus: EventBus | undefined,
    protected readonly logger: Logger
  ) {}

  push(messages: BookingMessage[]): void {
    if (!this.eventBus || !messages.length) {
      return
    }
    for (let i = 0; i < messages.length; i += EMIT_CHUNK) {
      this.queue.push(messages.slice(i, i + EMIT_CHUNK))
    }
    this.running ??= this.pump()
  }

  /** Waits until every pushed event has been emitted; how many, and the time spent emitting. */
  async drain(): Promise<{ count: number; ms: number }> {
    while (this.running) {
      await this.running
    }
    return { count: this.emitted, ms: Math.round(this.busyMs) }
  }

  protected async pump(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const started = performance.now()
        try {
          await emitNow(this.eventBus, next)
          this.emitted += next.length
        } catch (error) {
          this.logger.warn(
            JSON.stringify({ message: "[Cleanup Job] Could not emit expiry events", error: describeError(error) })
          )
        }
        this.busyMs += performance.now() - started
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      this.running = null
    }
  }
}
