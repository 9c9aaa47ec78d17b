import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { retrieveTransformQueryConfig } from "@medusajs/medusa/api/store/carts/query-config"
import { StoreGetCartsCart } from "@medusajs/medusa/api/store/carts/validators"
import {
  StoreAddCartBooking,
  StoreAvailabilityQuery,
  StoreCreateHold,
  StoreHoldAction,
  StoreListHolds,
  StoreStartDatesQuery,
} from "./validators"

const BASE = "/store/resource-booking"

export const storeResourceBookingMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: `${BASE}/availability`, middlewares: [validateAndTransformQuery(StoreAvailabilityQuery, {})] },
  { method: ["GET"], matcher: `${BASE}/availability/starts`, middlewares: [validateAndTransformQuery(StoreStartDatesQuery, {})] },
  { method: ["POST"], matcher: `${BASE}/holds`, middlewares: [validateAndTransformBody(StoreCreateHold)] },
  { method: ["GET"], matcher: `${BASE}/holds`, middlewares: [validateAndTransformQuery(StoreListHolds, {})] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/release`, middlewares: [validateAndTransformBody(StoreHoldAction)] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/extend`, middlewares: [validateAndTransformBody(StoreHoldAction)] },
  {
    method: ["POST"],
    matcher: `${BASE}/carts/:id/bookings`,
    // The answer's cart takes the store cart route's fields (and its `fields` query parameter).
    middlewares: [
      validateAndTransformBody(StoreAddCartBooking),
      validateAndTransformQuery(StoreGetCartsCart, retrieveTransformQueryConfig),
    ],
  },
]
