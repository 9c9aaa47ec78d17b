export * from "./resource-booking"
export { validateCartHolds } from "./hooks/validate-cart-holds"
