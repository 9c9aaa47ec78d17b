import { query, Suite } from "./harness"

/**
 * Helpers for the lifecycle, capacity and generic-CRUD specs: whole-database snapshots
 * (to prove a refused call changed nothing), hold rows with their instants as ISO strings
 * computed by Postgres, and exact refusal assertions.
 */

/** Every row of the module's three tables, every column, in a stable order. */
export type DbState = {
  resources: Record<string, unknown>[]
  capacities: Record<string, unknown>[]
  holds: Record<string, unknown>[]
}

export async function dbState(suite: Suite): Promise<DbState> {
  return {
    resources: await query(suite, `SELECT * FROM resource ORDER BY id`),
    capacities: await query(suite, `SELECT * FROM resource_capacity ORDER BY resource_id, date, id`),
    holds: await query(suite, `SELECT * FROM resource_hold ORDER BY id`),
  }
}

/** `column` as the ISO string JS's toISOString() gives (milliseconds, truncated), or null. */
function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`
}

export type HoldState = {
  id: string
  resource_id: string
  date: string
  quantity: number
  status: string
  expires_at: string
  created_at: string
  updated_at: string
  confirmed_at: string | null
  released_at: string | null
  expired_at: string | null
  /** expires_at − created_at, in seconds. */
  ttl_seconds: number
  /** expires_at − updated_at, in seconds (what the last extension granted). */
  granted_seconds: number
  overdue: boolean
}

/** One hold as stored, instants rendered by Postgres (independent of the module's parsing). */
export async function holdState(suite: Suite, holdId: string): Promise<HoldState> {
  const rows = await query<HoldState>(
    suite,
    `SELECT id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, quantity, status,
            ${iso("expires_at")}, ${iso("created_at")}, ${iso("updated_at")},
            ${iso("confirmed_at")}, ${iso("released_at")}, ${iso("expired_at")},
            extract(epoch FROM expires_at - created_at)::float8 AS ttl_seconds,
            extract(epoch FROM expires_at - updated_at)::float8 AS granted_seconds,
            (expires_at < now()) AS overdue
       FROM resource_hold WHERE id = ?`,
    [holdId]
  )
  return rows[0]
}

/** Makes a hold `minutes` old without touching its expires_at (it stays in the future). */
export async function ageHold(suite: Suite, holdId: string, minutes: number): Promise<void> {
  await query(suite, `UPDATE resource_hold SET created_at = now() - make_interval(mins => ?) WHERE id = ?`, [
    minutes,
    holdId,
  ])
}

/** Writes available_capacity by hand (within the CHECK), breaking the invariant on purpose. */
export async function corruptAvailable(
  suite: Suite,
  resourceId: string,
  date: string,
  available: number
): Promise<void> {
  await query(
    suite,
    `UPDATE resource_capacity SET available_capacity = ? WHERE resource_id = ? AND date = ?::date`,
    [available, resourceId, date]
  )
}

/** The call rejects with a MedusaError of exactly this type and message (or a message matching the pattern). */
export async function expectRefused(
  call: Promise<unknown>,
  type: "invalid_data" | "not_found" | "not_allowed" | "conflict",
  message: string | RegExp
): Promise<void> {
  await expect(call).rejects.toThrow(message)
  await expect(call).rejects.toMatchObject({ type, message: typeof message === "string" ? message : expect.stringMatching(message) })
}

/** An id of the right shape that names nothing. */
export const UNKNOWN_RESOURCE = "res_01UNKNOWNRESOURCE0000000000"
export const UNKNOWN_HOLD = "rhold_01UNKNOWNHOLD00000000000000"
