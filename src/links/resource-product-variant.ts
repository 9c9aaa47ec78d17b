import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import ResourceBookingModule from "../modules/resource_booking"

/**
 * A bookable product variant books one resource; a resource may be sold through several
 * variants (e.g. "adult" and "child" tickets of one tour departure). A cart line of a
 * linked variant carries its booking date in `metadata.booking_date`.
 */
export default defineLink(ResourceBookingModule.linkable.resource, {
  linkable: ProductModule.linkable.productVariant,
  // resource.product_variants is the list; variant.resource is the one resource it books.
  isList: true,
})
