import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releaseHoldStep } from "./steps/release-hold"

export const releaseHoldWorkflowId = "resource-booking-release-hold"

export const releaseHoldWorkflow = createWorkflow(releaseHoldWorkflowId, (input: { id: string }) => {
  return new WorkflowResponse(releaseHoldStep(input))
})
