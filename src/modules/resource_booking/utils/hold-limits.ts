import { CapacityKey, ResolvedOptions } from "../types"
import { describeKey } from "./booking-span"

/**
 * Abuse caps on holds: a publishable key is public, so anyone can create carts and take
 * holds. A cart may hold at most HOLD_MAX_UNITS_PER_CART_DATE units of one resource+date and
 * have at most HOLD_MAX_LIVE_HOLDS_PER_CART live holds; a customer, the same across all their
 * open carts. "Live": ACTIVE and not past expires_at (an overdue hold occupies nothing a
 * checkout cannot reclaim). 0 turns a cap off.
 *
 * Contract: the owner locks (`ownerLockNames`) are taken in the hold's transaction right after
 * its capacity key locks, by the same lockKeys statement, and the usage is read after both.
 * Only createHold takes owner locks, it takes no key after them (a reclaim's try-locks never
 * wait), and nothing that holds an owner lock waits for a key, so no wait can close a cycle;
 * a request of a cart that waits for a busy date holds no owner lock, so the cart's requests
 * on other dates go on. Together they make the caps exact under concurrency: two holds of
 * one cart or customer are never counted at the same time.
 */
export type HoldOwner = { cart_id: string | null; customer_id: string | null }

/** The owner locks of a hold, customer first, then cart: taken by lockKeys after every key lock. */
export function ownerLockNames(owner: HoldOwner): string[] {
  return [
    owner.customer_id ? `resource_booking:customer:${owner.customer_id}` : null,
    owner.cart_id ? `resource_booking:cart:${owner.cart_id}` : null,
  ].filter((name): name is string => name !== null)
}

/** The caps as the creation statement applies them: 0 (no limit) for a hold of nobody. */
export function capsFor(owner: HoldOwner, options: Pick<ResolvedOptions, "maxUnitsPerCartDate" | "maxLiveHoldsPerCart">) {
  const owned = Boolean(owner.cart_id || owner.customer_id)
  return {
    max_units: owned ? options.maxUnitsPerCartDate : 0,
    max_holds: owned ? options.maxLiveHoldsPerCart : 0,
  }
}

export type Usage = { cart_units: number; cart_holds: number; customer_units: number; customer_holds: number }

/**
 * Why a new hold of `quantity` units on the resource from `date` would break a cap, naming
 * the limit and its value, from the owners' usage read under their locks (units: the most on
 * one of the hold's dates); null when it stays within every cap (or the hold has no owner).
 */
export function capRefusal(
  hold: HoldOwner & Omit<CapacityKey, "start_time"> & { start_time?: string | null; quantity: number; occupied_to?: string },
  usage: Usage,
  options: Pick<ResolvedOptions, "maxUnitsPerCartDate" | "maxLiveHoldsPerCart">
): string | null {
  const { maxUnitsPerCartDate: maxUnits, maxLiveHoldsPerCart: maxHolds } = options
  if ((!hold.cart_id && !hold.customer_id) || (maxUnits === 0 && maxHolds === 0)) {
    return null
  }
  const on =
    hold.occupied_to && hold.occupied_to !== hold.date
      ? `resource ${hold.resource_id} on one of ${hold.date} … ${hold.occupied_to}`
      : `resource ${hold.resource_id} on ${describeKey(hold)}`
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
