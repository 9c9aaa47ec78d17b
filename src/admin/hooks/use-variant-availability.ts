import { useQuery } from "@tanstack/react-query"
import type { CalendarDay } from "../lib/api-types"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"

type VariantAvailabilityResponse = {
  variant_id: string
  resource: { id: string; name: string; is_active: boolean } | null
  days: CalendarDay[]
}

/** GET /variants/:id/availability?days — the resource a variant books and its next `days` dates. */
export function useVariantAvailability(variantId: string, days: number) {
  return useQuery({
    queryKey: queryKeys.variantAvailability(variantId, days),
    queryFn: () =>
      sdk.client.fetch<VariantAvailabilityResponse>(`/admin/resource-booking/variants/${variantId}/availability`, {
        query: { days },
      }),
  })
}
