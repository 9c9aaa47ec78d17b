import { useMutation, useQuery } from "@tanstack/react-query"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"
import { useInvalidateResourceBooking } from "./use-invalidate-resource-booking"

/** POST /resources/:id/variants { add?, remove? }: link or unlink product variants. */
export function useLinkVariants(resourceId: string) {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: (body: { add?: string[]; remove?: string[] }) =>
      sdk.client.fetch(`/admin/resource-booking/resources/${resourceId}/variants`, { method: "POST", body }),
    onSuccess: () => invalidate(),
  })
}

export type VariantOption = { id: string; title: string | null; sku: string | null; product?: { title: string | null } | null }

/** How many matches the picker lists: enough to choose from, small enough to read. */
const PICKER_LIMIT = 10

/** Medusa's own GET /admin/product-variants?q= for the variant picker; idle below 2 characters. */
export function useProductVariantSearch(q: string) {
  const term = q.trim()
  return useQuery({
    queryKey: queryKeys.productVariantSearch(term),
    queryFn: () =>
      sdk.client.fetch<{ variants: VariantOption[] }>("/admin/product-variants", {
        query: { q: term, limit: PICKER_LIMIT, fields: "id,title,sku,product.title" },
      }),
    enabled: term.length >= 2,
  })
}
