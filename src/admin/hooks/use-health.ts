import { useQuery } from "@tanstack/react-query"
import type { HealthReport } from "../lib/api-types"
import { queryKeys } from "../lib/query-keys"
import { backendUrl } from "../lib/sdk"

/** The overview's figures refresh on their own this often (the contract: every 30 s). */
export const HEALTH_REFRESH_MS = 30_000

/**
 * GET /admin/resource-booking/health. The route answers 503 *with the report* when
 * unhealthy. The js-sdk throws on any status ≥ 300 before the caller sees the body (even
 * with a wildcard `accept` header: checked against js-sdk 2.21.2), so this one call uses `fetch` with
 * the Admin's session cookie and reads the JSON whatever the status.
 */
async function fetchHealth(): Promise<HealthReport> {
  const response = await fetch(backendUrl("/admin/resource-booking/health"), {
    credentials: "include",
    headers: { accept: "application/json" },
  })
  const body = await response.json().catch(() => null)
  if (body && typeof body === "object" && "status" in body && "holds" in body) {
    return body as HealthReport
  }
  const message = body && typeof body === "object" && "message" in body ? String(body.message) : response.statusText
  throw new Error(message || `Health check failed (HTTP ${response.status})`)
}

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: fetchHealth,
    refetchInterval: HEALTH_REFRESH_MS,
  })
}
