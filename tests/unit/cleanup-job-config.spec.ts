type JobModule = typeof import("../../src/jobs/cleanup-expired-holds")

/** Imports the job file afresh with HOLD_CLEANUP_INTERVAL set as given (as Medusa's job loader would). */
function loadJob(interval: string | undefined): JobModule {
  const previous = process.env.HOLD_CLEANUP_INTERVAL
  if (interval === undefined) {
    delete process.env.HOLD_CLEANUP_INTERVAL
  } else {
    process.env.HOLD_CLEANUP_INTERVAL = interval
  }
  try {
    let loaded: JobModule | undefined
    jest.isolateModules(() => {
      loaded = require("../../src/jobs/cleanup-expired-holds")
    })
    return loaded!
  } finally {
    if (previous === undefined) {
      delete process.env.HOLD_CLEANUP_INTERVAL
    } else {
      process.env.HOLD_CLEANUP_INTERVAL = previous
    }
  }
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
  /** Loads the job the way Medusa does: after the app's config (with the plugin's options merged into its module). */
  function loadJobWithConfig(moduleOptions: Record<string, unknown>, interval: string | undefined): JobModule {
    const previous = process.env.HOLD_CLEANUP_INTERVAL
    if (interval === undefined) {
      delete process.env.HOLD_CLEANUP_INTERVAL
    } else {
      process.env.HOLD_CLEANUP_INTERVAL = interval
    }
    try {
      let loaded: JobModule | undefined
      jest.isolateModules(() => {
        const { configManager } = require("@medusajs/framework/config")
        configManager.loadConfig({
          projectConfig: {
            projectConfig: { http: { jwtSecret: "test", cookieSecret: "test" } },
            modules: { resource_booking: { resolve: "medusa-resource-booking", options: moduleOptions } },
          },
          baseDir: process.cwd(),
        })
        loaded = require("../../src/jobs/cleanup-expired-holds")
      })
      return loaded!
    } finally {
      if (previous === undefined) {
        delete process.env.HOLD_CLEANUP_INTERVAL
      } else {
        process.env.HOLD_CLEANUP_INTERVAL = previous
      }
    }
  }

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
