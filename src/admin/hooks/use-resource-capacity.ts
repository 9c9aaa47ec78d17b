import { useMutation, useQuery } from "@tanstack/react-query"
import type { CalendarDay, CapacityRow } from "../lib/api-types"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"
import { useInvalidateResourceBooking } from "./use-invalidate-resource-booking"

type CalendarResponse = { resource_id: string; from: string; to: string; days: CalendarDay[] }

/** GET /resources/:id/calendar?from&to — one request for the whole month on screen. */
export function useResourceCalendar(resourceId: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: queryKeys.calendar(resourceId, range),
    queryFn: () =>
      sdk.client.fetch<CalendarResponse>(`/admin/resource-booking/resources/${resourceId}/calendar`, { query: range }),
    // No placeholder from the previous month: its dates would sit in the new month's grid.
  })
}

/**
 * The body of POST /resources/:id/capacity. `start_times` ("HH:MM") is required for a departure
 * resource and refused for a date resource; `weekdays` (ISO, 1 = Monday … 7 = Sunday) defaults
 * to every day.
 */
export type SetCapacityInput = { from: string; to: string; max_capacity: number; start_times?: string[]; weekdays?: number[] }

/** POST /resources/:id/capacity → the rows set (one per date, or per date × start time); a refusal (400) carries the API's message. */
export function useSetCapacity(resourceId: string) {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: (input: SetCapacityInput) =>
      sdk.client.fetch<{ capacity: CapacityRow[] }>(`/admin/resource-booking/resources/${resourceId}/capacity`, {
        method: "POST",
        body: input,
      }),
    onSuccess: () => invalidate(),
  })
}
