import { loadWithConfig } from "./load-with-config"

describe("the plugin's completeCartWorkflow validate hook by default", () => {
  it("is registered, so Medusa refuses a second validate handler", () => {
    const completeCartWorkflow = loadWithConfig({ holdTtlMinutes: 20 }, () => {
      require("../../src/workflows/hooks/validate-cart-holds")
      return require("@medusajs/medusa/core-flows").completeCartWorkflow
    })
    expect(() => completeCartWorkflow.hooks.validate(async () => undefined)).toThrow(
      "Cannot define multiple hook handlers for the validate hook"
    )
  })
})
