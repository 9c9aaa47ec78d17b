import { MedusaError } from "@medusajs/framework/utils"
import {
  describeError,
  isContentionError,
  isDataError,
  translateDatabaseError,
} from "../../src/modules/resource_booking/utils/errors"

/** A database error as the query builder raises it: the statement, then the server's words. */
function dbError(code: string, message: string, fields: Record<string, string> = {}) {
  return Object.assign(new Error(`UPDATE resource_capacity SET available_capacity = 3 - x - ${message}`), {
    code,
    ...fields,
  })
}

describe("database error handling", () => {
  it("classifies lock timeouts and deadlocks as contention, integrity and data errors as data", () => {
    expect(isContentionError(dbError("55P03", "canceling statement due to lock timeout"))).toBe(true)
    expect(isContentionError(dbError("40P01", "deadlock detected"))).toBe(true)
    expect(isDataError(dbError("23514", "violates check constraint"))).toBe(true)
    expect(isDataError(dbError("22P02", "invalid input syntax"))).toBe(true)
    expect(isDataError(dbError("08006", "connection failure"))).toBe(false)
    expect(isContentionError(new Error("plain"))).toBe(false)
  })

  it("turns contention into a retryable CONFLICT naming the subject", () => {
    const error = translateDatabaseError(dbError("55P03", "lock timeout"), "Resource res_1 on 2026-01-01") as MedusaError
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.type).toBe(MedusaError.Types.CONFLICT)
    expect(error.message).toBe("Resource res_1 on 2026-01-01 is busy with another booking operation; retry shortly")
  })

  it("turns a constraint breach into NOT_ALLOWED naming the constraint, and passes other errors through", () => {
    const breach = translateDatabaseError(
      dbError("23514", "check violation", { constraint: "resource_capacity_available_capacity_check" }),
      "Capacity of resource res_1"
    ) as MedusaError
    expect(breach.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(breach.message).toBe(
      "Capacity of resource res_1: the database refused the change (constraint resource_capacity_available_capacity_check); " +
        "capacity data may be inconsistent, see auditCapacity"
    )
    const lost = dbError("08006", "connection failure")
    expect(translateDatabaseError(lost, "x")).toBe(lost)
    const refusal = new MedusaError(MedusaError.Types.NOT_FOUND, "gone")
    expect(translateDatabaseError(refusal, "x")).toBe(refusal)
  })

  it("describes a database error by the server's message and fields, without the SQL statement", () => {
    const error = dbError("23514", 'new row for relation "resource_capacity" violates check constraint "c"', {
      constraint: "c",
      table: "resource_capacity",
      detail: "Failing row contains (…)",
    })
    error.message += "\n - detail: Failing row contains (…)"
    expect(describeError(error)).toBe(
      'new row for relation "resource_capacity" violates check constraint "c" ' +
        "(SQLSTATE 23514, constraint c, table resource_capacity): Failing row contains (…)"
    )
    expect(describeError(new Error("plain words"))).toBe("plain words")
    expect(describeError("a string")).toBe("a string")
  })

  it("drops the statement in front of a lost connection's message (no SQLSTATE), keeping other messages whole", () => {
    const lost = new Error("WITH keys AS (\n SELECT r FROM unnest(array['a - b'])\n) UPDATE x - Connection terminated unexpectedly")
    expect(describeError(lost)).toBe("Connection terminated unexpectedly")
    expect(describeError(new Error("COMMIT; - Client has encountered a connection error and is not queryable"))).toBe(
      "Client has encountered a connection error and is not queryable"
    )
    expect(describeError(new Error("Resource res_1 - busy"))).toBe("Resource res_1 - busy")
  })
})
