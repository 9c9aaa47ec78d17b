import { StatusBadge } from "@medusajs/ui"
import type { Hold, HoldStatus } from "../lib/api-types"

const COLOR: Record<HoldStatus, "blue" | "green" | "grey" | "orange"> = {
  ACTIVE: "blue",
  CONFIRMED: "green",
  RELEASED: "grey",
  EXPIRED: "orange",
}

/** An ACTIVE hold past expires_at still holds its units until the cleanup expires it. */
export function isOverdue(hold: Pick<Hold, "status" | "expires_at">, now: number = Date.now()): boolean {
  return hold.status === "ACTIVE" && new Date(hold.expires_at).getTime() < now
}

/** The hold's status, with "Overdue" in red for ACTIVE holds past their expiry. */
export function HoldStatusBadge({ hold }: { hold: Pick<Hold, "status" | "expires_at"> }) {
  if (isOverdue(hold)) {
    return <StatusBadge color="red">ACTIVE · Overdue</StatusBadge>
  }
  return <StatusBadge color={COLOR[hold.status] ?? "grey"}>{hold.status}</StatusBadge>
}
