export * from "./resource-booking"
