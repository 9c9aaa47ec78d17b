import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { extendHoldWorkflow } from "../../../../../../workflows/resource-booking"
import { idParam } from "../../../../../utils/route-params"
import { AdminExtendHoldType } from "../../../validators"

/** POST /admin/resource-booking/holds/:id/extend {minutes} — extendHold. */
export async function POST(req: MedusaRequest<AdminExtendHoldType>, res: MedusaResponse): Promise<void> {
  const { result: hold } = await extendHoldWorkflow(req.scope).run({
    input: { id: idParam(req), minutes: req.validatedBody.minutes },
  })
  res.json({ hold })
}
