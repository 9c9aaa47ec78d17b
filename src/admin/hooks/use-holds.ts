import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import type { Hold, HoldStatus, Paginated } from "../lib/api-types"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"
import { useInvalidateResourceBooking } from "./use-invalidate-resource-booking"

/** Query of GET /holds; absent keys are left out (the route rejects unknown ones). */
export type HoldFilters = {
  limit: number
  offset: number
  status?: HoldStatus
  resource_id?: string
  date?: string
  cart_id?: string
  order_id?: string
  overdue?: boolean
  confirmation_failed?: boolean
}
type HoldsResponse = Paginated & { holds: Hold[] }

export function useHolds(filters: HoldFilters) {
  return useQuery({
    queryKey: queryKeys.holds(filters),
    queryFn: () => sdk.client.fetch<HoldsResponse>("/admin/resource-booking/holds", { query: filters }),
    placeholderData: keepPreviousData,
  })
}

export type HoldAction =
  | { kind: "confirm"; holdId: string }
  | { kind: "release"; holdId: string }
  | { kind: "extend"; holdId: string; minutes: number }

/** POST /holds/:id/{confirm|release|extend}; refusals (4xx) carry the API's message. */
export function useHoldAction() {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: (action: HoldAction) =>
      sdk.client.fetch<{ hold: Hold }>(`/admin/resource-booking/holds/${action.holdId}/${action.kind}`, {
        method: "POST",
        body: action.kind === "extend" ? { minutes: action.minutes } : {},
      }),
    onSettled: () => invalidate(),
  })
}
