import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { extendHoldStep } from "./steps/extend-hold"

export const extendHoldWorkflowId = "resource-booking-extend-hold"

export const extendHoldWorkflow = createWorkflow(extendHoldWorkflowId, (input: { id: string; minutes: number }) => {
  return new WorkflowResponse(extendHoldStep(input))
})
