import { Module } from "@medusajs/framework/utils"
import setupLoader from "./loaders/setup"
import ResourceBookingModuleService from "./service"

export const RESOURCE_BOOKING_MODULE = "resource_booking"

export default Module(RESOURCE_BOOKING_MODULE, {
  service: ResourceBookingModuleService,
  loaders: [setupLoader],
})

export * from "./types"
export { ResourceBookingModuleService }
