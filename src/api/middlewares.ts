import { defineMiddlewares } from "@medusajs/framework/http"
import { adminResourceBookingMiddlewares } from "./admin/resource-booking/middlewares"
import { bookingErrorHandler } from "./error-handler"
import { storeResourceBookingMiddlewares } from "./store/resource-booking/middlewares"

export default defineMiddlewares({
  routes: [...adminResourceBookingMiddlewares, ...storeResourceBookingMiddlewares],
  errorHandler: bookingErrorHandler,
})
