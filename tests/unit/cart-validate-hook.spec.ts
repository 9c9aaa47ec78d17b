import { registersCartValidateHook } from "../../src/modules/resource_booking/utils/resolve-options"
import { loadWithConfig } from "./load-with-config"

describe("the plugin's completeCartWorkflow validate hook with registerCartValidateHook: false", () => {
  it("is left to the store: its own validate handler registers, and can call validateCartHolds", () => {
    const { completeCartWorkflow, validateCartHolds } = loadWithConfig({ registerCartValidateHook: false }, () => ({
      validateCartHolds: require("../../src/workflows").validateCartHolds,
      completeCartWorkflow: require("@medusajs/medusa/core-flows").completeCartWorkflow,
    }))
    expect(typeof validateCartHolds).toBe("function")
    expect(() => completeCartWorkflow.hooks.validate(validateCartHolds)).not.toThrow()
  })
})

describe("registersCartValidateHook", () => {
  it("is true unless the option is false", () => {
    expect(registersCartValidateHook({})).toBe(true)
    expect(registersCartValidateHook({ registerCartValidateHook: true })).toBe(true)
    expect(registersCartValidateHook({ registerCartValidateHook: false })).toBe(false)
  })

  it("refuses anything but true or false, naming the option", () => {
    expect(() => registersCartValidateHook({ registerCartValidateHook: "no" })).toThrow(
      'Invalid medusa-resource-booking option registerCartValidateHook: "no". Expected true or false.'
    )
  })
})
