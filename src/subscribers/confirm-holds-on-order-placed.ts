import { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmCartHoldsWorkflow } from "../workflows/resource-booking"

/** order.placed: the cart's holds become CONFIRMED with the order id (idempotent on redelivery). */
export default async function confirmHoldsOnOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  const { result } = await confirmCartHoldsWorkflow(container).run({ input: { order_id: event.data.id } })
  if (result?.failed?.length) {
    container.resolve("logger").warn(
      JSON.stringify({
        message: `[Booking] ${result.failed.length} holds of order ${event.data.id} could not be confirmed`,
        hold_ids: result.failed.map((hold) => hold.id),
      })
    )
  }
}

export const config: SubscriberConfig = { event: "order.placed" }
