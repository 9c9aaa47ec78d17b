import { useQueryClient } from "@tanstack/react-query"
import { queryKeys } from "../lib/query-keys"

/**
 * After any change, refetch every resource-booking query on screen: one hold or capacity
 * change moves the health figures, the calendar and the holds lists together.
 */
export function useInvalidateResourceBooking() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.all })
}
