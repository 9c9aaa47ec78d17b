import {
  assertCalendarDate,
  assertId,
  assertInteger,
  assertOptionalText,
  assertRange,
} from "../../src/modules/resource_booking/utils/validate-input"

describe("input validation", () => {
  it("accepts Medusa ids and refuses anything else, NUL bytes and overlong strings included", () => {
    expect(assertId("resource_id", "res_01M8K7YJVVRG75C3GGKVJQQT05")).toBe("res_01M8K7YJVVRG75C3GGKVJQQT05")
    expect(() => assertId("resource_id", "res_01\u0000")).toThrow(
      'resource_id must be a Medusa id (prefix_ULID), got "res_01\\u0000"'
    )
    expect(() => assertId("resource_id", `res_${"A".repeat(200)}`)).toThrow("resource_id must be a Medusa id")
    expect(() => assertId("id", 42)).toThrow("id must be a Medusa id (prefix_ULID), got 42")
    expect(() => assertId("id", "'; drop table resource; --")).toThrow("id must be a Medusa id")
  })

  it("refuses dates that are not real calendar days, naming the field", () => {
    expect(() => assertCalendarDate("date", "2026-02-30")).toThrow(
      'date must be a calendar date YYYY-MM-DD, got "2026-02-30"'
    )
  })

  it("bounds and orders ranges", () => {
    expect(assertRange("2026-01-01", "2026-12-31")).toEqual({ from: "2026-01-01", to: "2026-12-31" })
    expect(() => assertRange("2026-02-02", "2026-02-01")).toThrow("to (2026-02-01) must not be before from (2026-02-02)")
    expect(() => assertRange("2026-01-01", "2027-01-02")).toThrow(
      "The range from 2026-01-01 to 2027-01-02 spans more than 366 days"
    )
  })

  it("takes only whole numbers within bounds", () => {
    expect(assertInteger("quantity", 3, 1, 10)).toBe(3)
    for (const bad of [0, 11, 1.5, "2", NaN, Infinity, null]) {
      expect(() => assertInteger("quantity", bad, 1, 10)).toThrow("quantity must be a whole number from 1 to 10")
    }
  })

  it("takes optional text without NUL bytes", () => {
    expect(assertOptionalText("cart_id", undefined)).toBeNull()
    expect(assertOptionalText("cart_id", "cart_1")).toBe("cart_1")
    expect(() => assertOptionalText("cart_id", "a\u0000b")).toThrow("cart_id must be a non-empty string")
    expect(() => assertOptionalText("cart_id", "")).toThrow("cart_id must be a non-empty string")
  })
})
