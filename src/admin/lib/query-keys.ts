/**
 * React Query keys. Every key starts with "resource-booking" so a mutation can invalidate
 * the whole family; filters are part of the key, so each filter combination caches apart.
 */
const root = ["resource-booking"] as const

export const queryKeys = {
  all: root,
  health: () => [...root, "health"] as const,
  cleanupRuns: (page: { limit: number; offset: number }) => [...root, "cleanup-runs", page] as const,
  resources: (filters?: object) => [...root, "resources", filters ?? {}] as const,
  resource: (id: string) => [...root, "resource", id] as const,
  calendar: (id: string, range: { from: string; to: string }) => [...root, "calendar", id, range] as const,
  holds: (filters?: object) => [...root, "holds", filters ?? {}] as const,
  variantAvailability: (variantId: string, days: number) => [...root, "variant-availability", variantId, days] as const,
  productVariantSearch: (q: string) => [...root, "product-variant-search", q] as const,
}
