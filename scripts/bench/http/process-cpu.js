/**
 * CPU time used by processes on this machine (Linux /proc), so a measurement can say where
 * its time went whatever else the machine runs: the app's process group and the database
 * backends serving it. Every function answers null where /proc cannot tell (another OS, a
 * database on another host).
 */
const fs = require("fs")
const { execFileSync } = require("child_process")

let tickMs = null
/** Milliseconds per clock tick (USER_HZ). */
function msPerTick() {
  if (tickMs === null) {
    try {
      tickMs = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim())
    } catch {
      tickMs = 10
    }
  }
  return tickMs
}

/** { pgrp, cpuMs } of one process, or null when it is gone or unreadable. */
function stat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // Fields after the command name (which may hold spaces): state is field 3, pgrp 5, utime 14, stime 15.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ")
    return { pgrp: Number(fields[2]), cpuMs: (Number(fields[11]) + Number(fields[12])) * msPerTick() }
  } catch {
    return null
  }
}

/** CPU ms so far of each process in process group `pgid` (Map pid → ms), or null without /proc. */
function groupCpu(pgid) {
  let entries
  try {
    entries = fs.readdirSync("/proc")
  } catch {
    return null
  }
  const usage = new Map()
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const s = stat(entry)
    if (s && s.pgrp === pgid) usage.set(entry, s.cpuMs)
  }
  return usage
}

/** CPU ms so far of each of `pids` (Map pid → ms); a pid this machine does not run is left out. */
function pidsCpu(pids) {
  const usage = new Map()
  for (const pid of pids) {
    const s = stat(pid)
    if (s) usage.set(String(pid), s.cpuMs)
  }
  return usage
}

/** CPU ms between two samples: processes started in between count from 0, those that ended are lost. */
function cpuDelta(before, after) {
  if (!before || !after || !after.size) return null
  let total = 0
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0)
  return total
}

/** The backend pids of database `name` now (including the asking connection). */
async function backendPids(db, name) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name])
  return rows.map((row) => row.pid)
}

module.exports = { groupCpu, pidsCpu, cpuDelta, backendPids }
