/**
 * A small JSON client over fetch for the consumer check: every call returns
 * `{ status, body }` and never throws on an HTTP status, so a check can say what came back.
 */
function client(baseUrl) {
  async function request(method, route, { body, headers = {} } = {}) {
    const response = await fetch(baseUrl + route, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = text
    }
    return { status: response.status, body: parsed }
  }
  return {
    get: (route, options) => request("GET", route, options),
    post: (route, body, options = {}) => request("POST", route, { ...options, body }),
  }
}

const basic = (secret) => ({ authorization: `Basic ${Buffer.from(`${secret}:`).toString("base64")}` })
const bearer = (token) => ({ authorization: `Bearer ${token}` })
const publishable = (key) => ({ "x-publishable-api-key": key })

/** Throws with the route, the status and the body when a call did not answer `expected`. */
function expectStatus(response, expected, what) {
  if (response.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${response.status} ${JSON.stringify(response.body)}`)
  }
  return response.body
}

module.exports = { client, basic, bearer, publishable, expectStatus }
