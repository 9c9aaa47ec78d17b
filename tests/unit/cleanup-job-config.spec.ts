import { loadWithConfig } from "./load-with-config"

type JobModule = typeof import("../../src/jobs/cleanup-expired-holds")

/** Runs `fn` with HOLD_CLEANUP_INTERVAL set to `interval` (unset when undefined), then restores it. */
function withInterval<T>(interval: string | undefined, fn: () => T): T {
  const previous = process.env.HOLD_CLEANUP_INTERVAL
  if (interval === undefined) {
    delete process.env.HOLD_CLEANUP_INTERVAL
  } else {
    process.env.HOLD_CLEANUP_INTERVAL = interval
  }
  try {
    return fn()
  } finally {
    if (previous === undefined) {
      delete process.env.HOLD_CLEANUP_INTERVAL
    } else {
      process.env.HOLD_CLEANUP_INTERVAL = previous
    }
  }
}

/** Imports the job file afresh, without a loaded Medusa config (as a test importing it alone would). */
function loadJob(interval: string | undefined): JobModule {
  return withInterval(interval, () => {
    let loaded: JobModule | undefined
    jest.isolateModules(() => {
      loaded = require("../../src/jobs/cleanup-expired-holds")
    })
    return loaded!
  })
}

/** Imports the job file as Medusa's job loader does: after the app's config, with the plugin's options. */
function loadJobWithConfig(moduleOptions: Record<string, unknown>, interval: string | undefined): JobModule {
  return withInterval(interval, () =>
    loadWithConfig(moduleOptions, () => require("../../src/jobs/cleanup-expired-holds") as JobModule)
  )
}

describe("cleanup-expired-holds job config", () => {
  it("is named cleanup-expired-holds and runs every 5 minutes by default", () => {
    const job = loadJob(undefined)
    expect(job.config).toEqual({ name: "cleanup-expired-holds", schedule: "*/5 * * * *" })
    expect(typeof job.default).toBe("function")
  })

  it("takes its schedule from HOLD_CLEANUP_INTERVAL, seconds included", () => {
    expect(loadJob("*/30 * * * * *").config.schedule).toBe("*/30 * * * * *")
  })

  it("refuses to load with an invalid HOLD_CLEANUP_INTERVAL, naming it and the value", () => {
    expect(() => loadJob("every five minutes")).toThrow('Invalid HOLD_CLEANUP_INTERVAL: "every five minutes"')
  })
})

describe("cleanup-expired-holds job config in a store that sets the plugin option", () => {
  it("takes the cleanupInterval option over HOLD_CLEANUP_INTERVAL", () => {
    expect(loadJobWithConfig({ cleanupInterval: "*/15 * * * * *" }, "0 * * * *").config.schedule).toBe("*/15 * * * * *")
  })

  it("falls back to HOLD_CLEANUP_INTERVAL without the option", () => {
    expect(loadJobWithConfig({ holdTtlMinutes: 20 }, "0 * * * *").config.schedule).toBe("0 * * * *")
  })

  it("refuses to load with an invalid option, naming it", () => {
    expect(() => loadJobWithConfig({ cleanupInterval: "soon" }, undefined)).toThrow(
      'Invalid medusa-resource-booking option cleanupInterval: "soon"'
    )
  })
})
