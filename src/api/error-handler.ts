import {
  errorHandler as medusaErrorHandler,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { describeError, isDatabaseUnreachable } from "../modules/resource_booking/utils/errors"

const medusaDefault = medusaErrorHandler()

/** The module's lock-timeout refusals ("<subject> is busy with another booking operation; retry shortly"). */
const BOOKING_CONFLICT = /is busy with another booking operation; retry shortly$/

/**
 * Errors of an unreachable Redis, as ioredis raises them through Medusa's Redis modules (the
 * workflow engine runs the hold workflows): the request changed nothing and can be retried.
 */
function isRedisUnreachable(error: any): boolean {
  return (
    error?.name === "MaxRetriesPerRequestError" ||
    /^Reached the max retries per request limit \(which is \d+\)/.test(error?.message ?? "") ||
    /^Connection is closed\.$/.test(error?.message ?? "")
  )
}

/** The plugin's own routes: the only paths whose errors this handler answers itself. */
const OWN_ROUTES = /^\/(admin|store)\/resource-booking(\/|$)|^\/admin\/jobs\/cleanup-expired-holds(\/|$)/

/**
 * Medusa's error handler, plus, on the plugin's own routes, errors it would answer with a
 * 500 or a misleading text:
 * - a malformed percent-escape in the path (Express raises a URIError with status 400);
 * - a query key nested more than two levels (`a.b.c=1`: Medusa raises INVALID_ARGUMENT);
 * - the module's lock timeouts keep their own message (Medusa replaces every CONFLICT
 *   message with a text about Idempotency-Keys, which these routes do not use);
 * - the database or Redis unreachable: 503 with Retry-After, naming the cause, instead of an
 *   "unknown error" 500 (a transaction that lost its connection committed nothing).
 * Everything else, and every error of a route that is not the plugin's, goes to Medusa's
 * handler unchanged: installed in a store, the plugin changes no other route's answers.
 * (Medusa keeps one error handler per app; a store's own `errorHandler` replaces this one.)
 */
export function bookingErrorHandler(
  error: any,
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  if (!OWN_ROUTES.test(req.path ?? "")) {
    return medusaDefault(error, req, res, next)
  }
  if (error instanceof URIError && (error as { status?: number }).status === 400) {
    res.status(400).json({ type: MedusaError.Types.INVALID_DATA, message: `Malformed URL: ${error.message}` })
    return
  }
  if (error?.type === MedusaError.Types.INVALID_ARGUMENT && /^Key accessor more than/.test(error.message ?? "")) {
    res.status(400).json({ type: MedusaError.Types.INVALID_DATA, message: `Invalid query: ${error.message}` })
    return
  }
  if (error?.type === MedusaError.Types.CONFLICT && BOOKING_CONFLICT.test(error.message ?? "")) {
    res.status(409).json({ type: MedusaError.Types.CONFLICT, code: "invalid_state_error", message: error.message })
    return
  }
  if (isDatabaseUnreachable(error)) {
    return unavailable(res, `The database is unreachable (${describeError(error)}); retry shortly`)
  }
  if (isRedisUnreachable(error)) {
    return unavailable(res, `Redis is unreachable (${error.message}); nothing was changed, retry shortly`)
  }
  return medusaDefault(error, req, res, next)
}

/** 503 with Retry-After: a service the request needs is gone for now, and nothing was written. */
function unavailable(res: MedusaResponse, message: string): void {
  res.setHeader("Retry-After", "10")
  res.status(503).json({ type: MedusaError.Types.UNEXPECTED_STATE, code: "service_unavailable", message })
}
