import { ExecArgs } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../src/modules/resource_booking"
import ResourceBookingModuleService from "../src/modules/resource_booking/service"
import {
  CapacityReconcileReport,
  CapacityReconcileRowDTO,
  ReconcileCapacityInput,
} from "../src/modules/resource_booking/types"

/**
 * Capacity drift report and repair (the module's `reconcileCapacity`), against the database
 * named by DATABASE_URL:
 *
 *   npm run reconcile                       every capacity row whose available differs from
 *                                           max − held, with its holds; changes nothing
 *   npm run reconcile -- --fix              repairs them, each under its lock, in batches;
 *                                           every change is also logged as a JSON line
 *   npx medusa exec ./scripts/reconcile-capacity.ts [fix=true] [resource_id=…] [from=YYYY-MM-DD]
 *                                           [to=YYYY-MM-DD] [batch_size=N]
 *
 * A repair is refused while a cleanup run is in progress. A row with more units held than
 * its max_capacity (oversold) cannot be repaired by setting available: it is reported and
 * left (raise max_capacity or release holds, then repair again).
 *
 * Exit status: 0 when no drift remains; 1 when the script could not run (refused, bad
 * arguments, or any error); 2 when drifting rows remain (any drift without fix, rows it
 * could not repair with fix), so it can gate other scripts.
 */

const NAMES = ["fix", "resource_id", "from", "to", "batch_size"] as const
const DRIFT_REMAINS = 2
const HOLDS_PRINTED = 5

class UsageError extends Error {}

function parseArgs(args: string[] | undefined): ReconcileCapacityInput {
  const input: ReconcileCapacityInput = {}
  for (const arg of args ?? []) {
    const [name, ...rest] = arg.split("=")
    const value = rest.join("=")
    if (arg === "fix" || arg === "fix=true") {
      input.fix = true
    } else if (arg === "fix=false") {
      input.fix = false
    } else if (name === "resource_id" || name === "from" || name === "to") {
      input[name] = value
    } else if (name === "batch_size") {
      input.batchSize = /^\d+$/.test(value) ? Number(value) : (value as unknown as number)
    } else {
      throw new UsageError(`Unknown argument ${JSON.stringify(arg)}; accepted: ${NAMES.map((n) => `${n}=…`).join(" ")}`)
    }
  }
  return input
}

function table(rows: CapacityReconcileRowDTO[], fix: boolean): void {
  const header = ["resource_id", "date", "max", "held", "expected", "actual", "holds", "state"]
  const body = rows.map((row) => [
    row.resource_id,
    row.date,
    String(row.max_capacity),
    String(row.held),
    String(row.expected_available),
    String(row.actual_available),
    String(row.hold_count),
    state(row, fix),
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)))
  const print = (cells: string[]) => console.log("  " + cells.map((cell, i) => cell.padEnd(widths[i])).join("  "))
  print(header)
  print(widths.map((width) => "-".repeat(width)))
  body.forEach(print)
}

function state(row: CapacityReconcileRowDTO, fix: boolean): string {
  if (row.fixed) {
    return `repaired ${row.actual_available} → ${row.expected_available}`
  }
  if (!row.repairable) {
    return "NOT REPAIRABLE (oversold)"
  }
  return fix ? "left: see below" : "drift"
}

function details(rows: CapacityReconcileRowDTO[]): void {
  for (const row of rows) {
    const shown = row.holds.slice(0, HOLDS_PRINTED)
    const more = row.hold_count - shown.length
    console.log(`\n  ${row.resource_id} ${row.date}: ${row.hold_count} ACTIVE/CONFIRMED hold(s), ${row.held} unit(s)`)
    for (const hold of shown) {
      const owner = [hold.cart_id && `cart ${hold.cart_id}`, hold.order_id && `order ${hold.order_id}`].filter(Boolean)
      console.log(`    ${hold.id}  ${hold.status.padEnd(9)}  ×${hold.quantity}${owner.length ? `  ${owner.join(", ")}` : ""}`)
    }
    if (more > 0) {
      console.log(`    … and ${more} more`)
    }
    if (row.reason) {
      console.log(`    ${row.repairable ? "left as it is" : "not repairable"}: ${row.reason}`)
    }
  }
}

function summary(report: CapacityReconcileReport): void {
  const oversold = report.rows.filter((row) => !row.repairable).length
  console.log()
  if (!report.rows.length) {
    console.log("  No drift: every capacity row matches max − Σ(ACTIVE + CONFIRMED holds).")
    return
  }
  console.log(`  Drifting rows found: ${report.rows.length}${oversold ? ` (${oversold} oversold, not repairable)` : ""}`)
  if (report.fix) {
    console.log(`  Repaired: ${report.fixed_count} in ${report.batches} batch(es)`)
    console.log(`  Still drifting: ${report.remaining_count}`)
  } else {
    console.log("  Nothing was changed. Repair: npm run reconcile -- --fix")
  }
}

export default async function reconcileCapacity({ container, args }: ExecArgs): Promise<void> {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  let report: CapacityReconcileReport
  try {
    const input = parseArgs(args)
    console.log(`\nCapacity ${input.fix ? "repair" : "drift report"}${describeFilter(input)}\n`)
    report = await service.reconcileCapacity(input)
  } catch (error) {
    if (error instanceof UsageError || error instanceof MedusaError) {
      console.error(`  ${error.message}\n`)
      process.exitCode = 1
      return
    }
    throw error
  }
  if (report.rows.length) {
    table(report.rows, report.fix)
    details(report.rows)
  }
  summary(report)
  console.log()
  if (report.remaining_count > 0) {
    process.exitCode = DRIFT_REMAINS
  }
}

function describeFilter(input: ReconcileCapacityInput): string {
  const parts = [
    input.resource_id && `resource ${input.resource_id}`,
    input.from && `from ${input.from}`,
    input.to && `to ${input.to}`,
  ].filter(Boolean)
  return parts.length ? ` (${parts.join(", ")})` : " (every resource and date)"
}
