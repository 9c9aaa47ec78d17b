import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { CreateHoldInput } from "../../modules/resource_booking/types"
import { createHoldStep } from "./steps/create-hold"

export const createHoldWorkflowId = "resource-booking-create-hold"

/** Takes a hold (rolled back by releasing it if a later step of a composing workflow fails). */
export const createHoldWorkflow = createWorkflow(createHoldWorkflowId, (input: CreateHoldInput) => {
  return new WorkflowResponse(createHoldStep(input))
})
