import { Text } from "@medusajs/ui"
import type { CleanupRun } from "../lib/api-types"
import { formatDateTime } from "../lib/format"

/** Geometry in CSS pixels (the SVG is drawn at its natural size, never stretched). */
const SLOT = 44
const BAR = 28
const PLOT_HEIGHT = 80
const LABEL_HEIGHT = 14
/** A run that expired nothing still gets a visible stub, so a gap means "no run", not "zero". */
const MIN_BAR = 2

const FILL: Record<CleanupRun["status"], string> = {
  succeeded: "fill-ui-tag-blue-icon",
  failed: "fill-ui-tag-red-icon",
  skipped: "fill-ui-tag-neutral-icon",
  running: "fill-ui-tag-green-icon",
  interrupted: "fill-ui-tag-orange-icon",
}

/**
 * Holds expired per cleanup run, as inline SVG bars (no chart library: the Admin bundle
 * stays small). `runs` come newest first, as the API sends them; drawn oldest → newest,
 * from the page of runs the table shows (no request of its own). `slots` (the page size)
 * fixes the width, so a short last page keeps the same scale.
 */
export function CleanupRunsChart({ runs, slots }: { runs: CleanupRun[]; slots: number }) {
  if (runs.length === 0) return null
  const ordered = [...runs].reverse()
  const max = Math.max(...ordered.map((r) => r.expired_count))
  const scale = max > 0 ? (PLOT_HEIGHT - MIN_BAR) / max : 0
  const width = Math.max(slots, ordered.length) * SLOT
  const height = PLOT_HEIGHT + LABEL_HEIGHT

  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <div className="flex items-baseline justify-between gap-x-4">
        <Text size="small" weight="plus" className="text-ui-fg-subtle">
          Holds expired per run
        </Text>
        <Text size="xsmall" className="text-ui-fg-muted">
          oldest → newest · blue: succeeded, red: failed, grey: skipped
        </Text>
      </div>
      <svg role="img" aria-label="Holds expired per cleanup run" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="max-w-full">
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="stroke-ui-border-base" strokeWidth={1} />
        {ordered.map((run, i) => {
          const h = MIN_BAR + run.expired_count * scale
          const x = i * SLOT + (SLOT - BAR) / 2
          return (
            <g key={run.id}>
              <title>{`${formatDateTime(run.started_at)}: ${run.expired_count} expired (${run.status}, ${run.trigger})`}</title>
              <rect x={x} y={height - h} width={BAR} height={h} rx={2} className={FILL[run.status]} />
              <text x={x + BAR / 2} y={height - h - 3} textAnchor="middle" className="fill-ui-fg-subtle txt-compact-xsmall">
                {run.expired_count}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}
