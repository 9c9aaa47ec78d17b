import { monitorEventLoopDelay } from "perf_hooks"
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { Queue } from "bullmq"
import Redis from "ioredis"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { ResourceBookingEvents } from "../../src/modules/resource_booking/utils/events"
import { seed } from "./cleanup"
import { Knex, arg, median, percentile } from "./figures"

/**
 * The cleanup's bulk event emission on the event bus this process runs (`medusa exec`, so
 * Medusa's Redis event bus when REDIS_URL is set, else the local one; see run.js).
 *
 * Seeds H overdue holds over K keys and subscribes to the two events the cleanup emits (a
 * store with a subscriber to them, e.g. a notification, is what makes the Redis bus enqueue
 * them), then runs cleanupExpiredHolds and measures meanwhile:
 * - the event loop's delay (perf_hooks histogram, 10 ms resolution): how long this process
 *   could not serve anything else;
 * - on Redis, a PING every 5 ms from a connection of its own: how long Redis kept another
 *   client waiting; and the jobs the queue holds afterwards.
 *
 * Args: holds=N (100000) keys=N (1000) repeat=N (3)
 */
const EVENTS_QUEUE = { name: "events-queue", prefix: "RedisEventBusService" }

/** PINGs Redis every 5 ms until stopped; returns the round trips (ms), sorted. */
function redisProbe(url: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
  const trips: number[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      await redis.ping()
      trips.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()
  return async () => {
    running = false
    await loop
    redis.disconnect()
    return trips.sort((a, b) => a - b)
  }
}

/** Jobs the Redis event bus's queue holds (nothing consumes them under `medusa exec`); emptied after reading. */
async function drainQueue(url: string): Promise<number> {
  const connection = new Redis(url, { maxRetriesPerRequest: null })
  const queue = new Queue(EVENTS_QUEUE.name, { connection, prefix: EVENTS_QUEUE.prefix })
  const counts = await queue.getJobCounts()
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  await queue.obliterate({ force: true })
  await queue.close()
  connection.disconnect()
  return total
}

export default async function eventEmissionBenchmark({ container, args }: ExecArgs) {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const eventBus = container.resolve(Modules.EVENT_BUS) as any
  const holds = Number(arg(args, "holds", "100000"))
  const keys = Number(arg(args, "keys", "1000"))
  const repeat = Number(arg(args, "repeat", "3"))
  const redisUrl = process.env.REDIS_URL
  const bus = eventBus.constructor.name
  if (redisUrl && bus !== "RedisEventBusService") {
    throw new Error(`REDIS_URL is set but the event bus is ${bus}`)
  }
  for (const name of [ResourceBookingEvents.HOLD_EXPIRED, ResourceBookingEvents.CAPACITY_RELEASED]) {
    eventBus.subscribe(name, async () => undefined, { subscriberId: `bench-${name}` })
  }

  console.log(`\nEvent emission: ${holds} overdue holds over ${keys} keys, event bus ${bus}; ${repeat} run(s)`)
  console.log("bus | whole call ms | events | emit ms | loop delay p99 ms | max ms | Redis PING p99 ms | max ms | jobs queued")
  const calls: number[] = []
  for (let run = 0; run < repeat; run++) {
    await seed(pg, holds, keys, 0)
    const loop = monitorEventLoopDelay({ resolution: 10 })
    const stopProbe = redisUrl ? redisProbe(redisUrl) : null
    loop.enable()
    const started = performance.now()
    const result = await service.cleanupExpiredHolds({})
    const callMs = performance.now() - started
    loop.disable()
    const trips = stopProbe ? await stopProbe() : []
    const queued = redisUrl ? await drainQueue(redisUrl) : null
    const expectedEvents = holds + keys
    if (result.expiredCount !== holds || result.eventsEmitted !== expectedEvents) {
      throw new Error(`Benchmark run incorrect: expired ${result.expiredCount}/${holds}, events ${result.eventsEmitted}/${expectedEvents}`)
    }
    if (queued !== null && queued !== expectedEvents) {
      throw new Error(`The Redis queue holds ${queued} jobs, expected one per event (${expectedEvents})`)
    }
    calls.push(callMs)
    console.log(
      [
        bus,
        callMs.toFixed(0),
        result.eventsEmitted,
        result.eventEmissionMs,
        (loop.percentile(99) / 1e6).toFixed(1),
        (loop.max / 1e6).toFixed(1),
        trips.length ? percentile(trips, 99).toFixed(1) : "–",
        trips.length ? percentile(trips, 100).toFixed(1) : "–",
        queued ?? "–",
      ].join(" | ")
    )
  }
  console.log(`  median whole call (${bus}): ${median(calls).toFixed(0)} ms`)
  await seed(pg, 0, 1)
}
