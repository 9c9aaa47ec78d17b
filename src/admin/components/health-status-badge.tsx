import { StatusBadge } from "@medusajs/ui"
import type { HealthStatus } from "../lib/api-types"

const COLOR: Record<HealthStatus, "green" | "orange" | "red"> = {
  healthy: "green",
  degraded: "orange",
  unhealthy: "red",
}

/** The health report's status word, exactly as the API sends it ("healthy", "degraded", "unhealthy"). */
export function HealthStatusBadge({ status }: { status: HealthStatus }) {
  return <StatusBadge color={COLOR[status] ?? "grey"}>{status}</StatusBadge>
}
