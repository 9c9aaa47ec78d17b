import {
  errorHandler as medusaErrorHandler,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

const medusaDefault = medusaErrorHandler()

/** The module's lock-timeout refusals ("<subject> is busy with another booking operation; retry shortly"). */
const BOOKING_CONFLICT = /is busy with another booking operation; retry shortly$/

/**
 * Medusa's error handler, plus three client errors it would answer with a 500 or a
 * misleading text:
 * - a malformed percent-escape in the path (Express raises a URIError with status 400);
 * - a query key nested more than two levels (`a.b.c=1`: Medusa raises INVALID_ARGUMENT);
 * - the module's lock timeouts keep their own message (Medusa replaces every CONFLICT
 *   message with a text about Idempotency-Keys, which these routes do not use).
 * Everything else goes to Medusa's handler unchanged.
 */
export function bookingErrorHandler(
  error: any,
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
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
  return medusaDefault(error, req, res, next)
}
