import { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaError } from "@medusajs/framework/utils"

/**
 * The isolation level every transaction that moves units runs at. The module's correctness
 * rests on it: a transaction takes a date's advisory lock, then re-reads the rows that lock
 * guards and sees what the previous holder committed. At REPEATABLE READ or SERIALIZABLE the
 * re-read would see the transaction's older snapshot instead.
 */
export const BOOKING_ISOLATION_LEVEL = "read committed"

/**
 * Medusa's `@InjectTransactionManager()`, with the transactions it opens pinned to READ
 * COMMITTED whatever the caller's context or the database's default says. A call inside a
 * caller's transaction joins it as Medusa does; `assertBookingIsolation` (run when the keys
 * are locked) then refuses it unless that transaction is READ COMMITTED too.
 */
export function InjectBookingTransaction(): MethodDecorator {
  return (target: any, propertyKey, descriptor: PropertyDescriptor) => {
    InjectTransactionManager()(target, propertyKey as string, descriptor)
    const opensTransaction = descriptor.value
    const argIndex: number = target.MedusaContextIndex_[propertyKey]
    descriptor.value = async function (this: unknown, ...args: unknown[]) {
      const context = args[argIndex] as Context | undefined
      if (!context?.transactionManager) {
        args[argIndex] = pinned(context ?? {})
      }
      return await opensTransaction.apply(this, args)
    }
    return descriptor
  }
}

/** `context` seen through (reads and writes reach it), with the isolation level pinned. */
function pinned(context: Context): Context {
  const source = context as Record<string, unknown>
  const view = {} as Record<string, unknown>
  for (const key in source) {
    if (key === "isolationLevel") continue
    Object.defineProperty(view, key, {
      enumerable: true,
      get: () => source[key],
      set: (value) => {
        source[key] = value
      },
    })
  }
  view.isolationLevel = BOOKING_ISOLATION_LEVEL
  return view as Context
}

/**
 * Refuses to move units in a transaction whose isolation `level` (its
 * `transaction_isolation` setting) is not READ COMMITTED: only a caller's own transaction
 * can be (the module's are pinned). Nothing has been written yet when it runs.
 */
export function assertBookingIsolation(level: string): void {
  if (level !== BOOKING_ISOLATION_LEVEL) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `resource_booking moves units only in READ COMMITTED transactions (its locks rely on re-reading what the previous ` +
        `lock holder committed); the caller's transaction runs at ${level.toUpperCase()}. Call it outside that transaction, ` +
        `or open the transaction at READ COMMITTED.`
    )
  }
}
