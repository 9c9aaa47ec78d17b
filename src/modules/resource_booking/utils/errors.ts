import { MedusaError } from "@medusajs/framework/utils"

/** Postgres SQLSTATEs that mean "another transaction holds what we need; retry". */
const CONTENTION_CODES = new Set([
  "55P03", // lock_not_available: SET LOCAL lock_timeout elapsed
  "40P01", // deadlock_detected
  "40001", // serialization_failure
])

/** Postgres SQLSTATE classes that mean "this row's data is wrong", not "the database is gone". */
const DATA_ERROR_CLASSES = ["22", "23"]

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === "string" ? code : undefined
}

export function isContentionError(error: unknown): boolean {
  const code = sqlState(error)
  return code !== undefined && CONTENTION_CODES.has(code)
}

/**
 * The database cannot be reached or dropped the connection: SQLSTATE class 08 (connection
 * exception), 57P01–57P03 (terminated by an administrator, crash shutdown, cannot connect
 * now), a refused or reset socket, a pool that could not get a connection in time, or a
 * transaction whose connection the server dropped (knex then answers its next statement with
 * "Transaction query already complete", and the pg client with "Connection ended unexpectedly").
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = sqlState(error)
  if (code && (code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code))) {
    return true
  }
  if (code && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code)) {
    return true
  }
  const message = (error as { message?: unknown })?.message
  return (
    typeof message === "string" &&
    /Connection terminated|Connection ended unexpectedly|Transaction query already complete|Knex: Timeout acquiring a connection|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message
    )
  )
}

export function isDataError(error: unknown): boolean {
  const code = sqlState(error)
  return code !== undefined && DATA_ERROR_CLASSES.includes(code.slice(0, 2))
}

/**
 * Turns a lock wait that ran out (or a deadlock Postgres broke) into a CONFLICT the
 * client may retry (HTTP 409); every other error passes through unchanged.
 */
export function toContentionConflict(error: unknown, what: string): unknown {
  if (!isContentionError(error)) {
    return error
  }
  return new MedusaError(
    MedusaError.Types.CONFLICT,
    `${what} is busy with another booking operation; retry shortly`
  )
}

export function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

export function notAllowed(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
}

export function notFound(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, message)
}

/**
 * Maps database errors a client could provoke to MedusaErrors: lock timeouts and
 * deadlocks to CONFLICT (retry), constraint breaches (only possible when data was
 * corrupted by hand) to NOT_ALLOWED naming the constraint. Others pass unchanged.
 */
export function translateDatabaseError(error: unknown, subject: string): unknown {
  if (error instanceof MedusaError) {
    return error
  }
  if (isContentionError(error)) {
    return toContentionConflict(error, subject)
  }
  if (isDataError(error)) {
    const constraint = (error as { constraint?: string }).constraint
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${subject}: the database refused the change` +
        (constraint ? ` (constraint ${constraint})` : "") +
        `; capacity data may be inconsistent, see auditCapacity`
    )
  }
  return error
}

/**
 * A one-line account of an error for logs, run history and cleanup reports. Database
 * errors keep the server's own message and structured fields (SQLSTATE, constraint,
 * table, detail) but drop the SQL statement the query builder puts in front of the
 * message ("<statement> - <message>", then " - detail: …").
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error)
  }
  const code = sqlState(error)
  if (!code) {
    // A lost connection has no SQLSTATE, but the query builder still puts the statement first.
    const statement = /^(select|with|insert|update|delete|commit|begin|rollback|set|savepoint|release)\b[\s\S]* - /i.exec(error.message)
    return statement ? error.message.slice(statement[0].length).trim() : error.message
  }
  const { constraint, table, detail } = error as { constraint?: string; table?: string; detail?: string }
  const detailAt = error.message.search(/\s-\sdetail:/)
  const withoutDetail = detailAt >= 0 ? error.message.slice(0, detailAt) : error.message
  const separator = withoutDetail.lastIndexOf(" - ")
  const serverMessage = (separator >= 0 ? withoutDetail.slice(separator + 3) : withoutDetail).trim()
  const where = [`SQLSTATE ${code}`, constraint && `constraint ${constraint}`, table && `table ${table}`]
  return `${serverMessage} (${where.filter(Boolean).join(", ")})` + (detail ? `: ${detail}` : "")
}
