/** Lifecycle of a hold. ACTIVE and CONFIRMED occupy capacity; the other two do not. */
export enum HoldStatus {
  ACTIVE = "ACTIVE",
  CONFIRMED = "CONFIRMED",
  RELEASED = "RELEASED",
  EXPIRED = "EXPIRED",
}
