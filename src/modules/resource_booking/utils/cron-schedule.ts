import { parseExpression } from "cron-parser"
import cronstrue from "cronstrue"

/**
 * Longest wait Medusa's in-memory scheduler can express (a setTimeout delay); a schedule
 * whose next run is further away would fire immediately, in a loop.
 */
const MAX_SCHEDULER_DELAY_MS = 2 ** 31 - 1

/** Every five minutes: a hold overdue by more than ~5 minutes is rare, the job stays cheap. */
export const DEFAULT_CLEANUP_INTERVAL = "*/5 * * * *"

/**
 * Validates a cleanup schedule with the parser Medusa's own scheduler uses (cron-parser),
 * so every form the scheduler accepts (5 fields, 6 with seconds, @hourly…) passes and
 * nothing it would reject does. Unset means the default.
 */
export function resolveCleanupInterval(raw: unknown, variable = "HOLD_CLEANUP_INTERVAL"): string {
  if (raw === undefined || raw === null || raw === "") {
    return DEFAULT_CLEANUP_INTERVAL
  }
  const expression = typeof raw === "string" ? raw.trim() : raw
  let problem: string | undefined
  if (typeof expression !== "string" || !expression) {
    problem = "not a string"
  } else if (!expression.startsWith("@") && ![5, 6].includes(expression.split(/\s+/).length)) {
    // cron-parser would fill missing fields in silently; a schedule must say what it means.
    const fields = expression.split(/\s+/).length
    problem = `has ${fields} field${fields === 1 ? "" : "s"}`
  } else {
    try {
      const delay = parseExpression(expression).next().toDate().getTime() - Date.now()
      if (delay > MAX_SCHEDULER_DELAY_MS) {
        problem = "its next run is more than 24 days away, which Medusa's scheduler cannot wait for"
      }
    } catch (error) {
      problem = (error as Error)?.message || "not a cron expression"
    }
  }
  if (problem !== undefined) {
    throw new Error(
      `Invalid ${variable}: ${JSON.stringify(raw)} (${problem}). Expected a cron expression of ` +
        `5 fields, or 6 with seconds, e.g. "${DEFAULT_CLEANUP_INTERVAL}".`
    )
  }
  return expression as string
}

/** The schedule in words, e.g. "every 5 minutes" (the expression itself if it has none). */
export function describeSchedule(expression: string): string {
  try {
    const words = cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false })
    return words.charAt(0).toLowerCase() + words.slice(1)
  } catch {
    return expression
  }
}

/** The first fire time strictly after `from`. */
export function nextFireTime(expression: string, from: Date): Date {
  return parseExpression(expression, { currentDate: from }).next().toDate()
}

/** Time between the two fire times that follow `from`: the schedule's current interval. */
export function scheduleIntervalMs(expression: string, from: Date): number {
  const iterator = parseExpression(expression, { currentDate: from })
  const first = iterator.next().toDate().getTime()
  return iterator.next().toDate().getTime() - first
}
