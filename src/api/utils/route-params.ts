import { MedusaRequest } from "@medusajs/framework/http"
import { assertId } from "../../modules/resource_booking/utils/validate-input"

/** The `:id` path parameter, refused with 400 unless it is a Medusa id. */
export function idParam(req: MedusaRequest, field = "id"): string {
  return assertId(field, req.params.id)
}
