/** Latency figures shared by every measurement of the HTTP benchmark (nearest-rank percentiles, milliseconds). */

/** The p-th percentile (0–100) of `values` by nearest rank; 0 for no values. */
function percentile(values, p) {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/** Median, p90, p99 and max of `values`. */
function latencySummary(values) {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : 0,
  }
}

module.exports = { percentile, latencySummary }
