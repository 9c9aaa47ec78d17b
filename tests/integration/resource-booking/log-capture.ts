import { Logger } from "@medusajs/framework/types"

export type LogEntry = { level: string; message: string }

/**
 * A Logger that keeps what it is told, for asserting the module's structured entries.
 * `entries` is emptied by `clear()` (call it in beforeEach).
 */
export function captureLogger() {
  const entries: LogEntry[] = []
  const record = (level: string) => (message: unknown) => {
    entries.push({ level, message: String(message) })
  }
  const logger = {
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    debug: record("debug"),
    log: record("log"),
    panic: record("panic"),
    shouldLog: () => true,
    setLogLevel: () => undefined,
    unsetLogLevel: () => undefined,
    activity: () => "",
    progress: () => undefined,
    success: () => undefined,
    failure: () => undefined,
  } as unknown as Logger
  return {
    logger,
    entries,
    clear: () => entries.splice(0, entries.length),
    /** Entries whose message is a JSON object, parsed, with their level. */
    structured: () =>
      entries.flatMap((e) => {
        try {
          const parsed = JSON.parse(e.message)
          return parsed && typeof parsed === "object" ? [{ level: e.level, ...parsed }] : []
        } catch {
          return []
        }
      }) as Array<Record<string, any> & { level: string; message: string }>,
  }
}
