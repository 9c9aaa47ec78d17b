import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { IProductModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../../../../../modules/resource_booking"
import { bookingService } from "../../../../../utils/booking-service"
import { idParam } from "../../../../../utils/route-params"
import { retrieveResourceWithVariants } from "../../resource-with-variants"
import { AdminLinkVariantsType } from "../../../validators"

/** Variants named in `ids` that do not exist: 404 naming them. */
async function assertVariantsExist(req: MedusaRequest, ids: string[]): Promise<void> {
  if (!ids.length) {
    return
  }
  const products = req.scope.resolve<IProductModuleService>(Modules.PRODUCT)
  const found = new Set((await products.listProductVariants({ id: ids }, { select: ["id"] })).map((v) => v.id))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product variants not found: ${missing.join(", ")}`)
  }
}

/** A variant books one resource: adding one that is linked elsewhere is refused, naming both. */
async function assertNotLinkedElsewhere(req: MedusaRequest, resourceId: string, ids: string[]): Promise<void> {
  if (!ids.length) {
    return
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "product_variant", fields: ["id", "resource.id"], filters: { id: ids } })
  const taken = data.filter((v: any) => v.resource?.id && v.resource.id !== resourceId)
  if (taken.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      taken.map((v: any) => `Variant ${v.id} already books resource ${v.resource.id}`).join("; ") +
        "; remove it there first"
    )
  }
}

/**
 * POST /admin/resource-booking/resources/:id/variants {add?, remove?} — attach or detach
 * product variants; answers with the resource and its variants.
 */
export async function POST(req: MedusaRequest<AdminLinkVariantsType>, res: MedusaResponse): Promise<void> {
  const resourceId = idParam(req)
  await bookingService(req).retrieveResource(resourceId)
  const add = [...new Set(req.validatedBody.add ?? [])]
  const remove = [...new Set(req.validatedBody.remove ?? [])]
  await assertVariantsExist(req, add)
  await assertNotLinkedElsewhere(req, resourceId, add)
  const link = req.scope.resolve(ContainerRegistrationKeys.LINK)
  const pair = (variantId: string) => ({
    [RESOURCE_BOOKING_MODULE]: { resource_id: resourceId },
    [Modules.PRODUCT]: { product_variant_id: variantId },
  })
  if (remove.length) {
    await link.dismiss(remove.map(pair))
  }
  if (add.length) {
    await link.create(add.map(pair))
  }
  res.json({ resource: await retrieveResourceWithVariants(req, resourceId) })
}
