import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminCapacityRange,
  AdminCreateResource,
  AdminEmptyBody,
  AdminExtendHold,
  AdminListHolds,
  AdminLinkVariants,
  AdminListCleanupRuns,
  AdminListResources,
  AdminRunCleanup,
  AdminSetCapacity,
  AdminUpdateResource,
  AdminVariantAvailability,
} from "./validators"

const BASE = "/admin/resource-booking"

export const adminResourceBookingMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: `${BASE}/cleanup`, middlewares: [validateAndTransformBody(AdminRunCleanup)] },
  { method: ["POST"], matcher: "/admin/jobs/cleanup-expired-holds", middlewares: [validateAndTransformBody(AdminRunCleanup)] },
  { method: ["GET"], matcher: `${BASE}/resources`, middlewares: [validateAndTransformQuery(AdminListResources, {})] },
  { method: ["POST"], matcher: `${BASE}/resources`, middlewares: [validateAndTransformBody(AdminCreateResource)] },
  { method: ["POST"], matcher: `${BASE}/resources/:id`, middlewares: [validateAndTransformBody(AdminUpdateResource)] },
  { method: ["GET"], matcher: `${BASE}/resources/:id/capacity`, middlewares: [validateAndTransformQuery(AdminCapacityRange, {})] },
  { method: ["POST"], matcher: `${BASE}/resources/:id/capacity`, middlewares: [validateAndTransformBody(AdminSetCapacity)] },
  { method: ["POST"], matcher: `${BASE}/resources/:id/variants`, middlewares: [validateAndTransformBody(AdminLinkVariants)] },
  { method: ["GET"], matcher: `${BASE}/resources/:id/calendar`, middlewares: [validateAndTransformQuery(AdminCapacityRange, {})] },
  { method: ["GET"], matcher: `${BASE}/cleanup-runs`, middlewares: [validateAndTransformQuery(AdminListCleanupRuns, {})] },
  { method: ["GET"], matcher: `${BASE}/variants/:id/availability`, middlewares: [validateAndTransformQuery(AdminVariantAvailability, {})] },
  { method: ["GET"], matcher: `${BASE}/holds`, middlewares: [validateAndTransformQuery(AdminListHolds, {})] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/confirm`, middlewares: [validateAndTransformBody(AdminEmptyBody)] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/release`, middlewares: [validateAndTransformBody(AdminEmptyBody)] },
  { method: ["POST"], matcher: `${BASE}/holds/:id/extend`, middlewares: [validateAndTransformBody(AdminExtendHold)] },
]
