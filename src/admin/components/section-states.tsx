import { Button, Skeleton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/error-message"

/**
 * The designed non-data states of a section: loading (skeleton lines plus a readable
 * "Loading…"), error (the API's message and a retry) and empty (what is missing and why).
 */

export function LoadingState({ lines = 3, label = "Loading…" }: { lines?: number; label?: string }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy="true">
      <Text size="small" className="text-ui-fg-muted">
        {label}
      </Text>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className="h-4 w-full" />
      ))}
    </div>
  )
}

export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  return (
    <div className="flex flex-col items-start gap-y-2 px-6 py-4" role="alert">
      <Text size="small" weight="plus" className="text-ui-fg-error">
        {title}
      </Text>
      <Text size="small" className="text-ui-fg-subtle">
        {errorMessage(error)}
      </Text>
      {onRetry && (
        <Button size="small" variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  )
}

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-y-1 px-6 py-4">
      <Text size="small" weight="plus">
        {title}
      </Text>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
      {action}
    </div>
  )
}
