/**
 * One HTTP measurement with autocannon: `connections` keep-alive connections send requests
 * back to back for `duration` seconds (or until `amount` requests, for warm-ups). Each
 * request is built by `build()` just before it is sent ({ method, path, body? }), so
 * every request can name another cart. Latency is each response's time from autocannon
 * (all status codes); req/s counts every response received within the run.
 */
const autocannon = require("autocannon")
const { latencySummary } = require("./stats")

/** Runs it; resolves with { requests, seconds, rps, p50, p90, p99, max, status: {code: n}, errors: {name: n}, timeouts }. */
async function measureHttp({ baseUrl, connections, duration, amount, headers, build }) {
  const latencies = []
  const errors = {}
  const instance = autocannon({
    url: baseUrl,
    connections,
    ...(amount ? { amount } : { duration }),
    timeout: 30,
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    requests: [
      {
        setupRequest: (request) => {
          const { method, path, body } = build()
          return { ...request, method, path, body: body === undefined ? undefined : JSON.stringify(body) }
        },
      },
    ],
  })
  instance.on("response", (_client, _statusCode, _bytes, responseTime) => latencies.push(responseTime))
  instance.on("reqError", (error) => {
    const name = error.code || error.name || String(error.message)
    errors[name] = (errors[name] || 0) + 1
  })
  const result = await instance
  const status = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]))
  const responses = Object.values(status).reduce((a, b) => a + b, 0)
  return {
    requests: responses,
    seconds: result.duration,
    rps: responses / result.duration,
    ...latencySummary(latencies),
    status,
    errors,
    timeouts: result.timeouts,
  }
}

module.exports = { measureHttp }
