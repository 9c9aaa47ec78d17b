/** Plain-text tables of the HTTP benchmark's results. */

/** "201×452, 409×3" from { code: n }, then socket errors and timeouts; "—" when empty. */
function outcomes({ status = {}, errors = {}, timeouts = 0 }) {
  const parts = Object.entries(status)
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([code, n]) => `${code}×${n}`)
  for (const [name, n] of Object.entries(errors)) parts.push(`${name}×${n}`)
  if (timeouts) parts.push(`timeouts×${timeouts}`)
  return parts.join(", ") || "—"
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "—")

/** CPU milliseconds per request, "—" when unknown. */
const perRequest = (cpuMs, requests) => (cpuMs === null || cpuMs === undefined || !requests ? "—" : (cpuMs / requests).toFixed(1))

/** Aligned columns; `align` per column "l" or "r". */
function table(headers, rows, align) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) =>
    cells.map((cell, i) => (align[i] === "r" ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join(" | ").trimEnd()
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n")
}

/** The measurements, one line each, with the CPU milliseconds per request of the app and of the database. */
function measurementTable(results) {
  return table(
    ["phase", "measurement", "conn", "req/s", "p50 ms", "p99 ms", "app CPU ms/req", "db CPU ms/req", "answers, errors"],
    results.map((r) => [
      r.phase,
      r.label,
      r.connections,
      fixed(r.rps),
      fixed(r.p50),
      fixed(r.p99),
      perRequest(r.appCpuMs, r.requests),
      perRequest(r.dbCpuMs, r.requests),
      outcomes(r),
    ]),
    ["l", "l", "r", "r", "r", "r", "r", "r", "l"]
  )
}

/** Per phase and concurrency: holds route req/s ÷ GET cart req/s, and ÷ the raw SQL hold's (the database ceiling). */
function routeRatioTable(results, kinds) {
  const rows = []
  for (const phase of [...new Set(results.map((r) => r.phase))]) {
    for (const connections of [...new Set(results.map((r) => r.connections))]) {
      const find = (kind) => results.find((r) => r.phase === phase && r.kind === kind && r.connections === connections)
      const carts = find(kinds.carts)
      if (!carts) continue
      const ratio = (kind, over) => (find(kind) && over ? fixed(find(kind).rps / over.rps, 2) : "—")
      rows.push([
        phase,
        connections,
        fixed(carts.rps),
        ratio(kinds.hot, carts),
        ratio(kinds.spread, carts),
        ratio(kinds.hot, find(kinds.rawHot)),
        ratio(kinds.spread, find(kinds.rawSpread)),
      ])
    }
  }
  return table(
    ["phase", "conn", "GET cart req/s", "A route ÷ GET cart", "B route ÷ GET cart", "A route ÷ A raw SQL", "B route ÷ B raw SQL"],
    rows,
    ["l", "r", "r", "r", "r", "r", "r"]
  )
}

/** Per phase and concurrency: the route's 7-date range holds (C) ÷ its one-date holds (B), and the same for the raw SQL. */
function rangeRatioTable(results, kinds) {
  const rows = []
  for (const phase of [...new Set(results.map((r) => r.phase))]) {
    for (const connections of [...new Set(results.map((r) => r.connections))]) {
      const find = (kind) => results.find((r) => r.phase === phase && r.kind === kind && r.connections === connections)
      const [one, range, rawOne, rawRange] = [kinds.spread, kinds.range, kinds.rawSpread, kinds.rawRange].map(find)
      if (!one || !range) continue
      rows.push([
        phase,
        connections,
        fixed(one.rps),
        fixed(range.rps),
        fixed(range.rps / one.rps, 2),
        `${perRequest(one.appCpuMs, one.requests)} / ${perRequest(range.appCpuMs, range.requests)}`,
        `${perRequest(one.dbCpuMs, one.requests)} / ${perRequest(range.dbCpuMs, range.requests)}`,
        rawOne && rawRange ? fixed(rawRange.rps / rawOne.rps, 2) : "—",
      ])
    }
  }
  return table(
    ["phase", "conn", "B one date req/s", "C 7 dates req/s", "C ÷ B (route)", "app CPU ms/req B / C", "db CPU ms/req B / C", "C ÷ B (raw SQL)"],
    rows,
    ["l", "r", "r", "r", "r", "r", "r", "r"]
  )
}

/** Per phase and concurrency: the route's departure holds (D) ÷ its one-date holds (B), 300 keys each (target ≥ 0.90). */
function departureRatioTable(results, kinds) {
  const rows = []
  for (const phase of [...new Set(results.map((r) => r.phase))]) {
    for (const connections of [...new Set(results.map((r) => r.connections))]) {
      const find = (kind) => results.find((r) => r.phase === phase && r.kind === kind && r.connections === connections)
      const [dates, departures] = [kinds.spread, kinds.departure].map(find)
      if (!dates || !departures) continue
      rows.push([
        phase,
        connections,
        fixed(dates.rps),
        fixed(departures.rps),
        fixed(departures.rps / dates.rps, 2),
        `${fixed(dates.p99)} / ${fixed(departures.p99)}`,
        `${perRequest(dates.appCpuMs, dates.requests)} / ${perRequest(departures.appCpuMs, departures.requests)}`,
        `${perRequest(dates.dbCpuMs, dates.requests)} / ${perRequest(departures.dbCpuMs, departures.requests)}`,
      ])
    }
  }
  return table(
    ["phase", "conn", "B dates req/s", "D departures req/s", "D ÷ B", "p99 ms B / D", "app CPU ms/req B / D", "db CPU ms/req B / D"],
    rows,
    ["l", "r", "r", "r", "r", "r", "r", "r"]
  )
}

/** Lock hold time per hold, per phase and kind, with its parts (lock-hold.js). */
function lockHoldTable(rows) {
  return table(
    [
      "phase",
      "hold of",
      "holds",
      "p50 ms",
      "p99 ms",
      "max ms",
      "statements after the lock",
      "lock reply unread ms",
      "their round trips ms",
      "app work ms",
      "COMMIT → released ms",
      "burst p50 / max ms",
      "answers",
    ],
    rows.map((r) => [
      r.phase,
      r.label,
      r.holds,
      fixed(r.p50, 2),
      fixed(r.p99, 2),
      fixed(r.max, 2),
      r.statements,
      fixed(r.answerWait, 2),
      fixed(r.middleTrips, 2),
      fixed(r.appWork, 2),
      fixed(r.endToRelease, 2),
      `${fixed(r.burstP50, 0)} / ${fixed(r.burstMax, 0)}`,
      outcomes(r),
    ]),
    ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "l"]
  )
}

/** grown req/s ÷ fresh req/s per measurement and concurrency, with the p99s. */
function growthRatioTable(results) {
  const rows = []
  for (const fresh of results.filter((r) => r.phase === "fresh")) {
    const grown = results.find((r) => r.phase === "grown" && r.kind === fresh.kind && r.connections === fresh.connections)
    if (!grown) continue
    rows.push([fresh.label, fresh.connections, fixed(fresh.rps), fixed(grown.rps), fixed(grown.rps / fresh.rps, 2), fixed(fresh.p99), fixed(grown.p99)])
  }
  return table(
    ["measurement", "conn", "fresh req/s", "grown req/s", "grown ÷ fresh", "fresh p99", "grown p99"],
    rows,
    ["l", "r", "r", "r", "r", "r", "r"]
  )
}

/** GET health latency per phase. */
function healthTable(healths) {
  return table(
    ["phase", "requests", "first ms", "median ms", "p90 ms", "max ms", "answers", "drift_records", "totals", "status"],
    healths.map((h) => [
      h.phase,
      h.count,
      fixed(h.first),
      fixed(h.p50),
      fixed(h.p90),
      fixed(h.max),
      outcomes({ status: h.status }),
      h.report?.capacity?.drift_records ?? "—",
      h.report?.totals?.source ?? "—",
      h.report?.status ?? "—",
    ]),
    ["l", "r", "r", "r", "r", "r", "l", "r", "l", "l"]
  )
}

module.exports = { outcomes, fixed, perRequest, table, measurementTable, routeRatioTable, rangeRatioTable, departureRatioTable, growthRatioTable, lockHoldTable, healthTable }
