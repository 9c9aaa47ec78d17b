import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { followCartPricesWorkflow, reconcileCartHoldsWorkflow } from "../workflows/resource-booking"

/**
 * cart.updated (Medusa emits it when lines are added, changed or deleted, and when the cart's
 * region changes): first the booking lines follow the cart's prices (lines Medusa dropped for a
 * region change come back priced for the new region, with their holds), then holds follow the
 * cart's lines and a hold whose line was removed is released — no orphaned holds. In this
 * order, in one handler: the reconcile must see the lines added back.
 */
export default async function reconcileHoldsOnCartUpdated({ event, container }: SubscriberArgs<{ id: string }>) {
  const { result: plan } = await followCartPricesWorkflow(container).run({ input: { cart_id: event.data.id } })
  if (plan) {
    container.resolve("logger").info(
      JSON.stringify({
        message: `[Booking] cart ${event.data.id}: ${plan.restore.length} booking lines added back for region ${plan.region_id}, ${plan.reprice.length} re-priced`,
      })
    )
  }
  await reconcileCartHoldsWorkflow(container).run({ input: { cart_id: event.data.id } })
}

export const config: SubscriberConfig = { event: "cart.updated" }
