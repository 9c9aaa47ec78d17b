import { EventPipeline } from "../../src/modules/resource_booking/utils/event-pipeline"

type Emitted = { name: string; data: { n: number } }

/** An event bus whose emit takes `msPerEvent` of busy CPU per event (as serialising into Redis does). */
function busyBus(msPerEvent: number, failOnCall?: number) {
  const calls: Emitted[][] = []
  return {
    calls,
    emit: async (events: Emitted[]) => {
      calls.push(events)
      if (calls.length === failOnCall) {
        throw new Error("bus down")
      }
      const until = performance.now() + msPerEvent * events.length
      while (performance.now() < until) {
        // busy: the event loop is held, as by a synchronous serialisation
      }
    },
  }
}

const messages = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ eventName: "resource_booking.hold.expired", data: { n: from + i } }))

function logger() {
  const warnings: string[] = []
  return { warnings, logger: { warn: (m: string) => warnings.push(m) } as any }
}

describe("EventPipeline: background emission sized by the bus's cost", () => {
  it("emits every event once, in push order, across pushes", async () => {
    const bus = busyBus(0)
    const pipeline = new EventPipeline(bus as any, logger().logger)
    pipeline.push(messages(0, 1500) as any)
    pipeline.push(messages(1500, 700) as any)

    const { count } = await pipeline.drain()

    expect(count).toBe(2200)
    expect(bus.calls.flat().map((e) => e.data.n)).toEqual(Array.from({ length: 2200 }, (_, i) => i))
  })

  it("keeps each emit call near 20 ms on a slow bus, and uses large calls on a fast one", async () => {
    const slow = busyBus(0.2) // 200 µs per event: 100 events per 20 ms
    const slowPipeline = new EventPipeline(slow as any, logger().logger)
    slowPipeline.push(messages(0, 1000) as any)
    await slowPipeline.drain()
    expect(slow.calls[0]).toHaveLength(200)
    // After the first call, each is sized from the measured cost: about 100 events (never below 50).
    for (const call of slow.calls.slice(1, -1)) {
      expect(call.length).toBeGreaterThanOrEqual(50)
      expect(call.length).toBeLessThanOrEqual(110)
    }

    const fast = busyBus(0)
    const fastPipeline = new EventPipeline(fast as any, logger().logger)
    fastPipeline.push(messages(0, 5200) as any)
    await fastPipeline.drain()
    expect(fast.calls.map((call) => call.length)).toEqual([200, 1000, 1000, 1000, 1000, 1000])
  })

  it("logs a chunk that fails and goes on with the rest", async () => {
    const bus = busyBus(0, 1)
    const log = logger()
    const pipeline = new EventPipeline(bus as any, log.logger)
    pipeline.push(messages(0, 500) as any)

    const { count } = await pipeline.drain()

    expect(count).toBe(300)
    expect(log.warnings).toHaveLength(1)
    expect(JSON.parse(log.warnings[0])).toMatchObject({ message: "[Cleanup Job] Could not emit expiry events", error: expect.stringContaining("bus down") })
  })
})
