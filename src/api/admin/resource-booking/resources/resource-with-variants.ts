import { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/** The resource with the product variants that book it. */
export async function retrieveResourceWithVariants(req: MedusaRequest, id: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "resource",
    fields: [
      "*",
      "product_variants.id",
      "product_variants.title",
      "product_variants.sku",
      "product_variants.product_id",
    ],
    filters: { id },
  })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Resource with id: ${id} was not found`)
  }
  return data[0]
}
