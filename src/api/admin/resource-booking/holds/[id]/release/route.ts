import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { releaseHoldWorkflow } from "../../../../../../workflows/resource-booking"
import { idParam } from "../../../../../utils/route-params"

/** POST /admin/resource-booking/holds/:id/release — releaseHold. */
export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const { result: hold } = await releaseHoldWorkflow(req.scope).run({ input: { id: idParam(req) } })
  res.json({ hold })
}
