import { Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useLinkVariants } from "../hooks/use-resource-variants"
import type { LinkedVariant } from "../lib/api-types"
import { errorMessage } from "../lib/error-message"
import { VariantPicker } from "./variant-picker"

/**
 * The product variants that book this resource (a cart line of one of them takes a hold
 * here). Add by id or picker; remove after a prompt. Refusals show the API's message.
 */
export function ResourceVariantsSection({ resourceId, variants }: { resourceId: string; variants: LinkedVariant[] }) {
  const link = useLinkVariants(resourceId)
  const prompt = usePrompt()

  const add = (variantId: string) =>
    link.mutate(
      { add: [variantId] },
      {
        onSuccess: () => toast.success("Variant linked", { description: variantId }),
        onError: (error) => toast.error(errorMessage(error)),
      }
    )

  const remove = async (variant: LinkedVariant) => {
    const confirmed = await prompt({
      title: "Remove variant?",
      description: `${variant.title ?? variant.id} will no longer book this resource. Existing holds stay.`,
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    link.mutate(
      { remove: [variant.id] },
      {
        onSuccess: () => toast.success("Variant removed", { description: variant.id }),
        onError: (error) => toast.error(errorMessage(error)),
      }
    )
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Product variants</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {variants.length} linked
        </Text>
      </div>
      {variants.length === 0 ? (
        <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
          No product variant books this resource yet: customers cannot buy it. Add one below.
        </Text>
      ) : (
        variants.map((variant) => (
          <div key={variant.id} className="flex items-center justify-between gap-x-4 px-6 py-3">
            <div className="flex min-w-0 flex-col">
              <Link
                to={`/products/${variant.product_id}/variants/${variant.id}`}
                className="txt-small-plus truncate text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
              >
                {variant.title ?? variant.id}
              </Link>
              <Text size="xsmall" className="truncate text-ui-fg-subtle">
                {variant.sku ? `SKU ${variant.sku} · ` : ""}
                {variant.id}
              </Text>
            </div>
            <Button size="small" variant="secondary" onClick={() => remove(variant)} disabled={link.isPending}>
              Remove
            </Button>
          </div>
        ))
      )}
      <VariantPicker linkedIds={new Set(variants.map((v) => v.id))} onAdd={add} isAdding={link.isPending} />
    </Container>
  )
}
