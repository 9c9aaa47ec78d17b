import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reconcileCartHoldsWorkflow } from "../workflows/resource-booking"

/**
 * cart.updated (Medusa emits it when lines are added, changed or deleted): holds follow the
 * cart's lines, and a hold whose line was removed is released — no orphaned holds.
 */
export default async function reconcileHoldsOnCartUpdated({ event, container }: SubscriberArgs<{ id: string }>) {
  await reconcileCartHoldsWorkflow(container).run({ input: { cart_id: event.data.id } })
}

export const config: SubscriberConfig = { event: "cart.updated" }
