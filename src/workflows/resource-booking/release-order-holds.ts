import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releaseOrderHoldsStep } from "./steps/release-order-holds"

export const releaseOrderHoldsWorkflowId = "resource-booking-release-order-holds"

/** When an order is canceled: its confirmed holds are released and the units come back. */
export const releaseOrderHoldsWorkflow = createWorkflow(
  releaseOrderHoldsWorkflowId,
  (input: { order_id: string }) => {
    return new WorkflowResponse(releaseOrderHoldsStep(input))
  }
)
