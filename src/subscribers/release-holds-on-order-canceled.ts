import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { releaseOrderHoldsWorkflow } from "../workflows/resource-booking"

/** order.canceled: the order's confirmed holds are released and their units come back. */
export default async function releaseHoldsOnOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await releaseOrderHoldsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = { event: "order.canceled" }
