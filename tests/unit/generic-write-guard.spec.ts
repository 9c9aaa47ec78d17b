import {
  assertEditableUpdate,
  GENERIC_WRITE_RULES,
  genericWriteRefusal,
} from "../../src/modules/resource_booking/utils/generic-write-guard"

const { resource_hold: holdRule, resource_capacity: capacityRule } = GENERIC_WRITE_RULES

describe("assertEditableUpdate", () => {
  it("lets harmless hold fields through in every payload shape", () => {
    expect(() => assertEditableUpdate(holdRule, { id: "rhold_1", metadata: { a: 1 } })).not.toThrow()
    expect(() => assertEditableUpdate(holdRule, [{ id: "rhold_1", cart_id: "cart_1" }])).not.toThrow()
    expect(() =>
      assertEditableUpdate(holdRule, { selector: { id: "rhold_1" }, data: { customer_id: "cus_1" } })
    ).not.toThrow()
  })

  it("names every field that moves units", () => {
    expect(() =>
      assertEditableUpdate(holdRule, [{ id: "rhold_1", status: "CONFIRMED" }, { id: "rhold_2", quantity: 9 }])
    ).toThrow(
      "resource_hold fields status, quantity move booked units and change only through the module's verbs " +
        "(createHold, confirmHold, releaseHold, extendHold, cleanupExpiredHolds)"
    )
    expect(() =>
      assertEditableUpdate(holdRule, { selector: { status: "ACTIVE" }, data: { expires_at: new Date() } })
    ).toThrow("resource_hold fields expires_at move booked units")
  })

  it("allows no capacity field at all", () => {
    expect(() => assertEditableUpdate(capacityRule, { id: "rcap_1", available_capacity: 3 })).toThrow(
      "resource_capacity fields available_capacity move booked units and change only through the module's verbs (setCapacity)"
    )
  })
})

describe("genericWriteRefusal", () => {
  it("is a NOT_ALLOWED error naming the verbs to use", () => {
    const error = genericWriteRefusal("created", holdRule)
    expect(error.type).toBe("not_allowed")
    expect(error.message).toBe(
      "resource_hold rows cannot be created through generic CRUD: use the module's verbs " +
        "(createHold, confirmHold, releaseHold, extendHold, cleanupExpiredHolds)"
    )
  })
})
