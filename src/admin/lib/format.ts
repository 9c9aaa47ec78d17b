/** Display formatting shared by the screens; every function accepts null and shows "–". */

const DASH = "–"

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? DASH : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
}

/** "in 4 min" / "12 min ago": relative to now, coarse on purpose (a 30 s refresh). */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return DASH
  const diffMs = new Date(iso).getTime() - now
  if (Number.isNaN(diffMs)) return DASH
  const abs = Math.abs(diffMs)
  const [value, unit] =
    abs < 60_000 ? [Math.round(abs / 1000), "s"] :
    abs < 3_600_000 ? [Math.round(abs / 60_000), "min"] :
    abs < 86_400_000 ? [Math.round(abs / 3_600_000), "h"] :
    [Math.round(abs / 86_400_000), "d"]
  return diffMs >= 0 ? `in ${value} ${unit}` : `${value} ${unit} ago`
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH
  return `${Math.round(value * 10) / 10}%`
}

/** The distinctive tail of a Medusa id (prefix_ULID): enough to tell rows apart. */
export function shortId(id: string | null | undefined): string {
  if (!id) return DASH
  const [prefix, rest] = id.includes("_") ? [id.slice(0, id.indexOf("_")), id.slice(id.indexOf("_") + 1)] : ["", id]
  return prefix ? `${prefix}_…${rest.slice(-6)}` : `…${rest.slice(-6)}`
}
