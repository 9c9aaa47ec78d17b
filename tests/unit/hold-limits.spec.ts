import { capRefusal, capsFor, ownerLockNames } from "../../src/modules/resource_booking/utils/hold-limits"

const options = { maxUnitsPerCartDate: 10, maxLiveHoldsPerCart: 20 }
const idle = { cart_units: 0, cart_holds: 0, customer_units: 0, customer_holds: 0 }

describe("hold limits (capRefusal, capsFor, ownerLockNames)", () => {
  it("names the units cap, its value and the one date of a one-date hold", () => {
    expect(
      capRefusal({ cart_id: "cart_1", customer_id: null, resource_id: "res_1", date: "2027-03-01", quantity: 3 }, { ...idle, cart_units: 8 }, options)
    ).toBe(
      "Hold limit reached: a cart may hold at most 10 units of one resource and date (HOLD_MAX_UNITS_PER_CART_DATE = 10); " +
        "cart cart_1 holds 8 of resource res_1 on 2027-03-01 and asked for 3"
    )
  })

  it("names every date a range occupies, since the usage is the most on one of them", () => {
    const hold = { cart_id: "cart_1", customer_id: null, resource_id: "res_1", date: "2027-03-01", occupied_to: "2027-03-05", quantity: 3 }
    expect(capRefusal(hold, { ...idle, cart_units: 8 }, options)).toBe(
      "Hold limit reached: a cart may hold at most 10 units of one resource and date (HOLD_MAX_UNITS_PER_CART_DATE = 10); " +
        "cart cart_1 holds 8 of resource res_1 on one of 2027-03-01 … 2027-03-05 and asked for 3"
    )
  })

  it("checks the customer's usage across carts, and the live-holds cap", () => {
    const hold = { cart_id: "cart_1", customer_id: "cus_1", resource_id: "res_1", date: "2027-03-01", quantity: 1 }
    expect(capRefusal(hold, { ...idle, customer_units: 10 }, options)).toContain("a customer, across their open carts, may hold at most 10 units")
    expect(capRefusal(hold, { ...idle, cart_holds: 20 }, options)).toBe(
      "Hold limit reached: a cart may have at most 20 live holds (HOLD_MAX_LIVE_HOLDS_PER_CART = 20); cart cart_1 has 20"
    )
    expect(capRefusal(hold, { ...idle, cart_units: 9, cart_holds: 19 }, options)).toBeNull()
  })

  it("a hold of nobody, or caps of 0, is never capped", () => {
    const nobody = { cart_id: null, customer_id: null, resource_id: "res_1", date: "2027-03-01", quantity: 50 }
    expect(capRefusal(nobody, { ...idle, cart_units: 99 }, options)).toBeNull()
    expect(capsFor(nobody, options)).toEqual({ max_units: 0, max_holds: 0 })
    const owned = { ...nobody, cart_id: "cart_1" }
    expect(capRefusal(owned, { ...idle, cart_units: 99, cart_holds: 99 }, { maxUnitsPerCartDate: 0, maxLiveHoldsPerCart: 0 })).toBeNull()
    expect(capsFor(owned, options)).toEqual({ max_units: 10, max_holds: 20 })
  })

  it("owner locks: customer first, then cart", () => {
    expect(ownerLockNames({ cart_id: "cart_1", customer_id: "cus_1" })).toEqual([
      "resource_booking:customer:cus_1",
      "resource_booking:cart:cart_1",
    ])
    expect(ownerLockNames({ cart_id: null, customer_id: null })).toEqual([])
  })
})
