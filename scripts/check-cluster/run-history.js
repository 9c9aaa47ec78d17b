/**
 * The cleanup's persisted run history (hold_cleanup_run) read back per scheduler tick: which
 * process started a run at each tick, and how it ended. Every run record carries its
 * `runner` (`<host>:<pid>`), so the history alone says which worker ran what.
 */

/** Runs that started at or after `since` (a Date), oldest first. */
async function runsSince(db, since) {
  const { rows } = await db.query(
    `SELECT id, trigger, status, runner, started_at, duration_ms, expired_count, capacity_restored, error
       FROM hold_cleanup_run WHERE started_at >= $1 AND deleted_at IS NULL ORDER BY started_at, id`,
    [since]
  )
  return rows.map((row) => ({ ...row, pid: Number(String(row.runner ?? "").split(":").pop()) || null }))
}

/**
 * Groups runs by the tick that started them: a run belongs to the latest tick at or before
 * its start (allowing 1 s of clock skew). Returns [{ tick: Date, runs }] for every tick
 * from the first to the last that has a run, empty ticks included.
 */
function byTick(runs, intervalMs) {
  const slot = (run) => Math.floor((run.started_at.getTime() + 1000) / intervalMs)
  if (!runs.length) return []
  const first = slot(runs[0])
  const last = slot(runs[runs.length - 1])
  const ticks = []
  for (let s = first; s <= last; s++) ticks.push({ tick: new Date(s * intervalMs), runs: [] })
  for (const run of runs) ticks[slot(run) - first].runs.push(run)
  return ticks
}

/** Ticks strictly inside [from, to) (Dates): what a window of observation saw in full. */
function ticksBetween(ticks, from, to) {
  return ticks.filter(({ tick }) => tick >= from && tick < to)
}

/** A printable table: one row per tick, a column per process (its runs' statuses and counts). */
function tickTable(ticks, processes) {
  const names = processes.map((p) => `${p.name} (${p.pid})`)
  const header = ["tick", ...names, "other"]
  const rows = ticks.map(({ tick, runs }) => {
    const cell = (selected) =>
      selected.map((run) => `${run.status}${run.status === "skipped" ? "" : ` ${run.expired_count}/${run.capacity_restored}`}`).join(", ") || "–"
    const known = new Set(processes.map((p) => p.pid))
    return [
      tick.toISOString().slice(11, 19),
      ...processes.map((p) => cell(runs.filter((run) => run.pid === p.pid))),
      cell(runs.filter((run) => !known.has(run.pid))),
    ]
  })
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)))
  const line = (cells) => "  " + cells.map((cell, i) => cell.padEnd(widths[i])).join(" │ ")
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n") +
    "\n  (a cell: each run's status and expired holds / restored units)"
}

module.exports = { runsSince, byTick, ticksBetween, tickTable }
