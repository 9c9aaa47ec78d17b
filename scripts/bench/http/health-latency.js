/**
 * GET /admin/resource-booking/health `count` times in a row (secret-key auth), timed from
 * request to the end of the body. Resolves with the latency summary, the status codes and
 * the last report (200 or 503 carry the same body).
 */
const { latencySummary } = require("./stats")

async function measureHealth(baseUrl, adminHeaders, count) {
  const latencies = []
  const status = {}
  let report = null
  for (let i = 0; i < count; i++) {
    const began = performance.now()
    const response = await fetch(`${baseUrl}/admin/resource-booking/health`, { headers: { accept: "application/json", ...adminHeaders } })
    const text = await response.text()
    latencies.push(performance.now() - began)
    status[response.status] = (status[response.status] || 0) + 1
    try {
      report = JSON.parse(text)
    } catch {
      report = { unparsable: text.slice(0, 200) }
    }
  }
  return { ...latencySummary(latencies), first: latencies[0], status, report }
}

module.exports = { measureHealth }
