import { Context } from "@medusajs/framework/types"
import { CapacityKey, ResolvedOptions } from "../types"
import { sql } from "./sql"

/**
 * Abuse caps on holds: a publishable key is public, so anyone can create carts and take
 * holds. A cart may hold at most HOLD_MAX_UNITS_PER_CART_DATE units of one resource+date and
 * have at most HOLD_MAX_LIVE_HOLDS_PER_CART live holds; a customer, the same across all their
 * open carts. "Live": ACTIVE and not past expires_at (an overdue hold occupies nothing a
 * checkout cannot reclaim). 0 turns a cap off.
 *
 * Contract: `lockOwners` runs in the hold's transaction right after its one capacity key
 * lock, and `capRefusal` after both. Only createHold takes owner locks, it takes no key after
 * them, and nothing that holds an owner lock waits for a key, so no wait can close a cycle;
 * a request of a cart that waits for a busy date holds no owner lock, so the cart's requests
 * on other dates go on. Together they make the caps exact under concurrency: two holds of
 * one cart or customer are never counted at the same time.
 */
export type HoldOwner = { cart_id: string | null; customer_id: string | null }

/** Locks the hold's customer, then its cart, until the transaction ends (lock_timeout already set by the key lock). */
export async function lockOwners(owner: HoldOwner, context: Context): Promise<void> {
  const names = [
    owner.customer_id ? `resource_booking:customer:${owner.customer_id}` : null,
    owner.cart_id ? `resource_booking:cart:${owner.cart_id}` : null,
  ].filter((name): name is string => name !== null)
  for (const name of names) {
    await sql(context, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [name])
  }
}

type Usage = { cart_units: number; cart_holds: number; customer_units: number; customer_holds: number }

/**
 * Why a new hold of `quantity` units on `key` would break a cap, naming the limit and its
 * value; null when it stays within every cap (or the hold has neither cart nor customer).
 */
export async function capRefusal(
  hold: HoldOwner & CapacityKey & { quantity: number },
  options: Pick<ResolvedOptions, "maxUnitsPerCartDate" | "maxLiveHoldsPerCart">,
  context: Context
): Promise<string | null> {
  const { maxUnitsPerCartDate: maxUnits, maxLiveHoldsPerCart: maxHolds } = options
  if ((!hold.cart_id && !hold.customer_id) || (maxUnits === 0 && maxHolds === 0)) {
    return null
  }
  const [usage] = await sql<Usage>(
    context,
    `SELECT coalesce(sum(quantity) FILTER (WHERE cart_id = ? AND resource_id = ? AND date = ?::date), 0)::int AS cart_units,
            count(*) FILTER (WHERE cart_id = ?)::int AS cart_holds,
            coalesce(sum(quantity) FILTER (WHERE customer_id = ? AND resource_id = ? AND date = ?::date), 0)::int AS customer_units,
            count(*) FILTER (WHERE customer_id = ?)::int AS customer_holds
       FROM resource_hold
      WHERE (cart_id = ? OR customer_id = ?)
        AND status = 'ACTIVE' AND expires_at >= now() AND deleted_at IS NULL`,
    [
      hold.cart_id, hold.resource_id, hold.date, hold.cart_id,
      hold.customer_id, hold.resource_id, hold.date, hold.customer_id,
      hold.cart_id, hold.customer_id,
    ]
  )
  const on = `resource ${hold.resource_id} on ${hold.date}`
  const owners = [
    hold.cart_id ? { who: `cart ${hold.cart_id}`, units: usage.cart_units, holds: usage.cart_holds, scope: "a cart" } : null,
    hold.customer_id
      ? { who: `customer ${hold.customer_id}`, units: usage.customer_units, holds: usage.customer_holds, scope: "a customer, across their open carts," }
      : null,
  ]
  for (const owner of owners) {
    if (!owner) continue
    if (maxUnits > 0 && owner.units + hold.quantity > maxUnits) {
      return (
        `Hold limit reached: ${owner.scope} may hold at most ${maxUnits} units of one resource and date ` +
        `(HOLD_MAX_UNITS_PER_CART_DATE = ${maxUnits}); ${owner.who} holds ${owner.units} of ${on} and asked for ${hold.quantity}`
      )
    }
    if (maxHolds > 0 && owner.holds + 1 > maxHolds) {
      return (
        `Hold limit reached: ${owner.scope} may have at most ${maxHolds} live holds ` +
        `(HOLD_MAX_LIVE_HOLDS_PER_CART = ${maxHolds}); ${owner.who} has ${owner.holds}`
      )
    }
  }
  return null
}
