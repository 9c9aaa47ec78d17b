import { Container, Skeleton, Text } from "@medusajs/ui"

/** One headline figure of the overview. `value` undefined while loading. */
export function StatCard({ label, value, hint }: { label: string; value: string | number | undefined; hint?: string }) {
  return (
    <Container className="flex flex-col gap-y-1 px-6 py-4">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      {value === undefined ? (
        <Skeleton className="h-8 w-16" />
      ) : (
        <Text size="xlarge" weight="plus" className="text-ui-fg-base" data-testid={`stat-${label}`}>
          {value}
        </Text>
      )}
      {hint && (
        <Text size="xsmall" className="text-ui-fg-muted">
          {hint}
        </Text>
      )}
    </Container>
  )
}
