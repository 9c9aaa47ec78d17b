import { Button, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useProductVariantSearch } from "../hooks/use-resource-variants"

/** Typing pauses this long before the search runs: one request per pause, not per key. */
const SEARCH_DEBOUNCE_MS = 300
const VARIANT_ID = /^variant_[0-9A-Za-z]+$/

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced
}

type Props = {
  /** Variant ids already linked: listed as such, not offered again. */
  linkedIds: Set<string>
  onAdd: (variantId: string) => void
  isAdding: boolean
}

/**
 * Add a product variant to the resource: paste its id ("Add by id"), or search Medusa's
 * product variants (GET /admin/product-variants?q=) by title or SKU and pick one.
 */
export function VariantPicker({ linkedIds, onAdd, isAdding }: Props) {
  const [text, setText] = useState("")
  const term = useDebounced(text, SEARCH_DEBOUNCE_MS)
  const looksLikeId = VARIANT_ID.test(text.trim())
  const search = useProductVariantSearch(looksLikeId ? "" : term)
  const variants = search.data?.variants ?? []

  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Label htmlFor="variant-picker">Add a product variant</Label>
      <div className="flex items-center gap-x-2">
        <div className="flex-1">
          <Input
            id="variant-picker"
            placeholder="Search by title or SKU, or paste a variant id"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <Button
          size="small"
          variant="secondary"
          disabled={!looksLikeId || isAdding}
          isLoading={isAdding && looksLikeId}
          onClick={() => {
            onAdd(text.trim())
            setText("")
          }}
        >
          Add by id
        </Button>
      </div>
      {!looksLikeId && term.trim().length >= 2 && (
        <div className="flex flex-col divide-y rounded-md border">
          {search.isLoading && (
            <Text size="small" className="px-3 py-2 text-ui-fg-muted">
              Searching…
            </Text>
          )}
          {search.isError && (
            <Text size="small" className="px-3 py-2 text-ui-fg-error">
              {(search.error as Error).message}
            </Text>
          )}
          {search.isSuccess && variants.length === 0 && (
            <Text size="small" className="px-3 py-2 text-ui-fg-subtle">
              No variant matches "{term.trim()}".
            </Text>
          )}
          {variants.map((variant) => (
            <div key={variant.id} className="flex items-center justify-between gap-x-2 px-3 py-2">
              <div className="flex min-w-0 flex-col">
                <Text size="small" weight="plus" className="truncate">
                  {variant.product?.title ? `${variant.product.title} · ` : ""}
                  {variant.title ?? variant.id}
                </Text>
                <Text size="xsmall" className="truncate text-ui-fg-subtle">
                  {variant.sku ? `SKU ${variant.sku} · ` : ""}
                  {variant.id}
                </Text>
              </div>
              {linkedIds.has(variant.id) ? (
                <Text size="xsmall" className="text-ui-fg-muted">
                  Linked
                </Text>
              ) : (
                <Button size="small" variant="secondary" disabled={isAdding} onClick={() => onAdd(variant.id)}>
                  Add
                </Button>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
