import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import type { BookingRules, Paginated, Resource, ResourceWithVariants } from "../lib/api-types"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"
import { useInvalidateResourceBooking } from "./use-invalidate-resource-booking"

const BASE = "/admin/resource-booking/resources"

/** Query of GET /resources; absent keys are left out (the route rejects unknown or empty ones). */
export type ResourceFilters = { limit: number; offset: number; is_active?: boolean; q?: string }
type ResourcesResponse = Paginated & { resources: Resource[] }

export function useResources(filters: ResourceFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.resources(filters),
    queryFn: () => sdk.client.fetch<ResourcesResponse>(BASE, { query: filters }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  })
}

/** GET /resources/:id, with the product variants that book it. */
export function useResource(id: string) {
  return useQuery({
    queryKey: queryKeys.resource(id),
    queryFn: () => sdk.client.fetch<{ resource: ResourceWithVariants }>(`${BASE}/${id}`),
  })
}

/** The body of POST /resources and /resources/:id; every key optional on an update. */
export type ResourceInput = { name?: string; description?: string | null; is_active?: boolean } & Partial<BookingRules>

/** POST /resources (no id) or POST /resources/:id (partial update; `is_active: false` deactivates). */
export function useSaveResource() {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ResourceInput }) =>
      sdk.client.fetch<{ resource: Resource }>(id ? `${BASE}/${id}` : BASE, { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  })
}

/** DELETE /resources/:id: a soft delete, refused while holds are live. */
export function useDeleteResource() {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ id: string }>(`${BASE}/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  })
}
