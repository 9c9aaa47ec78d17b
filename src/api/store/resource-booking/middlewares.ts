import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { StoreAvailabilityQuery, StoreCreateHold, StoreHoldAction, StoreListHolds } from "./validators"

const BASE = "/store/resource-booking"

export const storeResourceBookingMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: `${BASE}/availability`, middlewares: [validateAndTransformQuery(StoreAvailabilityQuery, {})] },
  { method: ["POST"], matcher: `${BASE}/holds`, middlewares: [validateAndTransformBody(StoreCreateHold)] },
  { method: ["GET"], matcher: `${BASE}/holds`, middlewares: [validateAndTransformQuery(StoreListHolds, {})] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/release`, middlewares: [validateAndTransformBody(StoreHoldAction)] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/extend`, middlewares: [validateAndTransformBody(StoreHoldAction)] },
]
