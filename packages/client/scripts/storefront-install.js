/**
 * The packed client in a throwaway storefront, as a shop installs it: a package.json with
 * `@medusajs/js-sdk` at the lowest version of the client's peer range and the tarball, plain
 * `npm install` (an ERESOLVE fails). Then:
 *   - nothing of the Medusa server came with it (only @medusajs/js-sdk under @medusajs/);
 *   - a TypeScript storefront hands that js-sdk's real `sdk.client` to createBookingClient;
 *   - at run time, through that js-sdk, each call sends the route's method, path, query and
 *     the publishable key, and a refusal rejects with the route's status and message (a
 *     local HTTP listener answers as the routes do; the routes themselves are proven by the
 *     HTTP suite, tests/http/storefront-client.spec.ts).
 * Returns a list of problems (empty when all holds).
 */
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const http = require("node:http")
const os = require("node:os")
const path = require("node:path")

const ROOT = path.join(__dirname, "..")
const pkg = require("../package.json")

/** ">=2.14.0 <3.0.0" → "2.14.0": the oldest js-sdk a storefront may have. */
function lowestJsSdk() {
  const match = /^>=(\d+\.\d+\.\d+) </.exec(pkg.peerDependencies["@medusajs/js-sdk"])
  if (!match) throw new Error(`peerDependencies["@medusajs/js-sdk"] is not ">=X.Y.Z <…": ${pkg.peerDependencies["@medusajs/js-sdk"]}`)
  return match[1]
}

function sh(command, args, cwd) {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_legacy_peer_deps: "false", npm_config_force: "false" } })
}

/** What the storefront's code does with the client: every call once, and one refusal. */
const STOREFRONT_SCRIPT = `
const Medusa = require("@medusajs/js-sdk").default
const { createBookingClient, isBookingRefusal, isBusy } = require("medusa-resource-booking-client")
const sdk = new Medusa({ baseUrl: process.argv[2], publishableKey: "pk_storefront_check" })
const booking = createBookingClient(sdk.client)
const dates = { from: "2031-07-01", to: "2031-07-03" }
async function main() {
  const answers = []
  answers.push(await booking.availability({ resource_id: "res_1", ...dates }))
  answers.push(await booking.startDates({ resource_id: "res_1", ...dates, days: 2, quantity: 1 }))
  answers.push(await booking.addBooking("cart_1", { variant_id: "variant_1", quantity: 1, ...dates }))
  answers.push(await booking.holds.list("cart_1"))
  answers.push(await booking.holds.create({ resource_id: "res_1", cart_id: "cart_1", quantity: 1, date: "2031-07-01" }))
  answers.push(await booking.holds.release("rhold_1", "cart_1"))
  answers.push(await booking.holds.extend("rhold_1", "cart_1"))
  let refusal = null
  try {
    await booking.holds.create({ resource_id: "res_full", cart_id: "cart_1", quantity: 1, date: "2031-07-01" })
  } catch (error) {
    refusal = { refusal: isBookingRefusal(error), busy: isBusy(error), status: error.status, message: error.message }
  }
  console.log(JSON.stringify({ answers, refusal }))
}
main().catch((error) => { console.error(error); process.exit(1) })
`

const STOREFRONT_TS = `import Medusa from "@medusajs/js-sdk"
import { createBookingClient, type StoreHold } from "medusa-resource-booking-client"

const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_…" })
const booking = createBookingClient(sdk.client)
export const hold: Promise<StoreHold> = booking.holds.create({ resource_id: "res_1", cart_id: "cart_1", quantity: 1, date: "2031-07-01" }).then((answer) => answer.hold)
`

/** The requests the storefront script must send, in order: method, path, query. */
const EXPECTED = [
  ["GET", "/store/resource-booking/availability", "from=2031-07-01&resource_id=res_1&to=2031-07-03"],
  ["GET", "/store/resource-booking/availability/starts", "days=2&from=2031-07-01&quantity=1&resource_id=res_1&to=2031-07-03"],
  ["POST", "/store/resource-booking/carts/cart_1/bookings", ""],
  ["GET", "/store/resource-booking/holds", "cart_id=cart_1"],
  ["POST", "/store/resource-booking/holds", ""],
  ["POST", "/store/resource-booking/holds/rhold_1/release", ""],
  ["POST", "/store/resource-booking/holds/rhold_1/extend", ""],
  ["POST", "/store/resource-booking/holds", ""],
]
const REFUSAL = 'Insufficient capacity for "Kayak" on 2031-07-01 (0 of 1 available)'

/** A listener answering like the store routes: each request's path echoed as JSON, one refusal. */
function listen(requests) {
  const server = http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      const url = new URL(req.url, "http://storefront.check")
      const query = [...url.searchParams.entries()].sort().map(([k, v]) => `${k}=${v}`).join("&")
      requests.push({ method: req.method, path: url.pathname, query, key: req.headers["x-publishable-api-key"], body: body ? JSON.parse(body) : null })
      const refused = body.includes("res_full")
      res.writeHead(refused ? 400 : 200, { "content-type": "application/json" })
      res.end(JSON.stringify(refused ? { type: "not_allowed", message: REFUSAL } : { path: url.pathname }))
    })
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

async function checkStorefrontInstall(tarball) {
  const problems = []
  const jsSdk = lowestJsSdk()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "booking-client-storefront-"))
  try {
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "storefront-check", private: true, dependencies: { "@medusajs/js-sdk": jsSdk, [pkg.name]: `file:${tarball}` } }, null, 2)
    )
    const installed = sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir)
    if (installed.status !== 0) return [`npm install in a storefront on @medusajs/js-sdk ${jsSdk} failed:`, ...installed.stderr.trim().split("\n").slice(0, 20)]

    const scoped = fs.readdirSync(path.join(dir, "node_modules", "@medusajs"))
    if (scoped.join() !== "js-sdk") problems.push(`the storefront got @medusajs/${scoped.join(", @medusajs/")}; only js-sdk is expected`)
    const version = require(path.join(dir, "node_modules", "@medusajs", "js-sdk", "package.json")).version
    if (version !== jsSdk) problems.push(`@medusajs/js-sdk is ${version}, not the storefront's ${jsSdk}`)

    fs.writeFileSync(path.join(dir, "storefront.ts"), STOREFRONT_TS)
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "Node16", moduleResolution: "Node16", target: "ES2020", lib: ["ES2020", "DOM"], strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["storefront.ts"] })
    )
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] })
    const typed = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" })
    if (typed.status !== 0) problems.push(`a TypeScript storefront on js-sdk ${jsSdk} does not type-check:`, ...(typed.stdout + typed.stderr).trim().split("\n"))

    const requests = []
    const server = await listen(requests)
    try {
      fs.writeFileSync(path.join(dir, "storefront.js"), STOREFRONT_SCRIPT)
      const baseUrl = `http://127.0.0.1:${server.address().port}`
      const ran = await new Promise((resolve) => {
        const child = require("node:child_process").spawn(process.execPath, ["storefront.js", baseUrl], { cwd: dir })
        let out = ""
        let err = ""
        child.stdout.on("data", (chunk) => (out += chunk))
        child.stderr.on("data", (chunk) => (err += chunk))
        child.on("close", (status) => resolve({ status, out, err }))
      })
      if (ran.status !== 0) return [...problems, `the storefront script failed on js-sdk ${jsSdk}: ${ran.err.trim()}`]
      const { answers, refusal } = JSON.parse(ran.out)
      const sent = requests.map((r) => [r.method, r.path, r.query])
      if (JSON.stringify(sent) !== JSON.stringify(EXPECTED)) problems.push(`requests sent: ${JSON.stringify(sent)}; expected ${JSON.stringify(EXPECTED)}`)
      if (requests.some((r) => r.key !== "pk_storefront_check")) problems.push("a request went without the sdk's publishable key")
      if (answers.some((answer, i) => answer.path !== EXPECTED[i][1])) problems.push(`the calls did not resolve to the routes' JSON: ${JSON.stringify(answers)}`)
      const expectedRefusal = { refusal: true, busy: false, status: 400, message: REFUSAL }
      if (JSON.stringify(refusal) !== JSON.stringify(expectedRefusal)) problems.push(`refusal seen as ${JSON.stringify(refusal)}; expected ${JSON.stringify(expectedRefusal)}`)
    } finally {
      server.close()
    }
    return problems
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

module.exports = { checkStorefrontInstall, lowestJsSdk }
