import { Context } from "@medusajs/framework/types"

type Executor = {
  execute: (sql: string, params?: unknown[]) => Promise<unknown>
}

/**
 * Runs one SQL statement on the context's transaction when there is one (so an advisory
 * lock and the writes it guards share a connection), else on its manager.
 * Placeholders are `?`; every `?` is bound, also inside literals; an array parameter
 * expands to a comma list, so write `array[?]::text[]`.
 */
export async function sql<Row = Record<string, unknown>>(
  context: Context,
  statement: string,
  params: unknown[] = []
): Promise<Row[]> {
  const executor = (context.transactionManager ?? context.manager) as Executor | undefined
  if (!executor) {
    throw new Error("resource_booking: SQL issued without a manager in its context")
  }
  return (await executor.execute(statement, params)) as Row[]
}

/** Raw timestamptz values arrive as strings; the module returns them as Dates. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) {
    return null
  }
  if (value instanceof Date) {
    return value
  }
  return new Date(String(value))
}
