/**
 * Reusable fixtures for HTTP spec files run with `medusaIntegrationTestRunner({ inApp: true })`.
 *
 * Everything here uses Medusa's real workflows, modules and HTTP routes — no mocks. Call the
 * fixtures from inside `testSuite` (they need the container/api that the runner creates in its
 * own `beforeAll`, so never at module load or directly in the `testSuite` body).
 *
 * Which hook to create fixtures in — measured with tests/http/fixtures.spec.ts
 * -------------------------------------------------------------------------------
 * How the runner (@medusajs/test-utils 2.21.2) resets data:
 *   - its `beforeAll` boots the app on a fresh database (all migrations);
 *   - its `beforeEach`, on the FIRST test of the file, copies the database into a Postgres
 *     template (`CREATE DATABASE <db>-template WITH TEMPLATE <db>`) and does not restore;
 *   - its `beforeEach`, on EVERY LATER test, drops the database and recreates it from that
 *     template. The app process keeps running; its pools reconnect.
 * Jest order for the file's first test: runner beforeAll → testSuite's top-level beforeAll →
 * beforeAll of the describe block holding that test → runner beforeEach (SNAPSHOT) → your
 * beforeEach → test. For every later test: [beforeAll of a block starting now] → runner
 * beforeEach (RESTORE) → your beforeEach → test.
 * Consequences (each one asserted in fixtures.spec.ts, "data retention" and below):
 *   1. Data created in a `beforeAll` at the top level of `testSuite` is in the template and
 *      survives into every test: `createAdminAuth` / `createStoreContext` there run once per
 *      file and their keys/ids keep working in every test. RECOMMENDED pattern.
 *      (A `beforeAll` in the describe block that holds the file's first test also runs
 *      before the snapshot and survives — but only while that block stays first.)
 *   2. Data created inside a test (or in a `beforeEach`) is gone in the next test: the
 *      database is dropped and recreated from the template.
 *   3. TRAP: a `beforeAll` in any LATER describe block runs after the snapshot and just
 *      BEFORE the restore of that block's first test, so its data is never seen by any test:
 *      the ids it returned are 404, its secret key 401, its publishable key 400
 *      ("A valid publishable key is required…"). Use the top-level `beforeAll` for shared
 *      fixtures, or `beforeEach` inside later blocks.
 *   4. A `beforeEach` fixture is recreated after every restore, so it always works, at the
 *      cost of its workflows per test (createStoreContext ~50–80 ms, createAdminAuth ~50 ms here;
 *      the per-test restore dominates either way: tests here take ~0.5–1 s each with it).
 *   5. The template is per file: every spec file boots its own app (~15–20 s) and database.
 *   If data must be added to the template later, `dbUtils.snapshot()` from the runner options
 *   re-takes the template from the current database (and skips the next restore).
 * A country belongs to one region only, so `createStoreContext` picks the next free euro
 * country when "de" is taken (e.g. a beforeEach context on top of a beforeAll one gets "fr").
 */
import {
  createApiKeysWorkflow,
  createCartWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { lockKeySql } from "../../src/modules/resource_booking/utils/lock-key"

/** The runner's `api` (an axios instance, typed `any` by test-utils): the part used here. */
export type ApiClient = {
  get: (url: string, config?: RequestConfig) => Promise<HttpResponse>
  post: (url: string, body?: unknown, config?: RequestConfig) => Promise<HttpResponse>
  delete: (url: string, config?: RequestConfig) => Promise<HttpResponse>
}
export type RequestConfig = { headers?: Record<string, string>; params?: Record<string, unknown> }
export type HttpResponse<T = any> = { status: number; data: T; headers?: Record<string, unknown> }

/** The runner's `dbConnection` (a knex instance): the part used here. */
export type KnexLike = { raw: (sql: string, bindings?: unknown) => Promise<{ rows: any[] }> }

export type AdminAuth = {
  /** Spread into axios: `api.get("/admin/x", admin)`. */
  headers: { authorization: string }
  /** Plaintext `sk_…` token (only the workflow result has it; the DB keeps a hash). */
  token: string
  apiKeyId: string
}

export type StoreContext = {
  /** Plaintext `pk_…` token of a publishable key linked to `salesChannelId` only. */
  publishableKey: string
  publishableKeyId: string
  salesChannelId: string
  /** A second sales channel, deliberately NOT linked to the key (negative tests). */
  otherSalesChannelId: string
  regionId: string
  currencyCode: string
  /** Spread into axios: `api.get("/store/x", store)`. */
  headers: { "x-publishable-api-key": string }
}

let counter = 0
/** Unique-enough suffix for titles/names (fixtures may be created many times per file). */
const suffix = () => `${Date.now().toString(36)}-${++counter}`

/**
 * A real SECRET api key, created with `createApiKeysWorkflow`, as HTTP Basic auth
 * (`base64("sk_…:")`). Admin routes accept it; sent as Bearer it is refused.
 */
export async function createAdminAuth(
  container: MedusaContainer,
  options: { title?: string; createdBy?: string } = {}
): Promise<AdminAuth> {
  const { result } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [
        {
          title: options.title ?? `test admin key ${suffix()}`,
          type: "secret",
          created_by: options.createdBy ?? "test-fixtures",
        },
      ],
    },
  })
  const token = result[0].token
  return {
    headers: { authorization: `Basic ${Buffer.from(`${token}:`).toString("base64")}` },
    token,
    apiKeyId: result[0].id,
  }
}

/**
 * A sales channel, a PUBLISHABLE key linked to it, a region (default currency "eur",
 * countries ["de"], or the next free euro country if "de" already has a region), and a
 * second sales channel not linked to the key.
 */
export async function createStoreContext(
  container: MedusaContainer,
  options: { currencyCode?: string; countries?: string[] } = {}
): Promise<StoreContext> {
  const tag = suffix()
  const currencyCode = options.currencyCode ?? "eur"

  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: {
      salesChannelsData: [
        { name: `test channel ${tag}` },
        { name: `test other channel ${tag}` },
      ],
    },
  })
  const [channel, otherChannel] = channels

  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [{ title: `test store key ${tag}`, type: "publishable", created_by: "test-fixtures" }],
    },
  })
  const key = keys[0]

  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: key.id, add: [channel.id] },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: `test region ${tag}`,
          currency_code: currencyCode,
          countries: options.countries ?? (await freeCountries(container)),
        },
      ],
    },
  })

  return {
    publishableKey: key.token,
    publishableKeyId: key.id,
    salesChannelId: channel.id,
    otherSalesChannelId: otherChannel.id,
    regionId: regions[0].id,
    currencyCode,
    headers: { "x-publishable-api-key": key.token },
  }
}

/** Euro-area countries tried in order when `createStoreContext` is not given any. */
const DEFAULT_COUNTRIES = ["de", "fr", "it", "es", "nl", "be", "at", "pt", "ie", "fi", "lu", "gr"]

/**
 * A country can belong to one region only ("Countries with codes: "de" are already assigned
 * to a region"), so a second `createStoreContext` in the same database takes the next free
 * one: ["de"] the first time, then ["fr"], ["it"]…
 */
async function freeCountries(container: MedusaContainer): Promise<string[]> {
  const regionModule = container.resolve(Modules.REGION)
  const regions = await regionModule.listRegions({}, { relations: ["countries"], take: null })
  const taken = new Set(regions.flatMap((r) => (r.countries ?? []).map((c) => c.iso_2)))
  const free = DEFAULT_COUNTRIES.find((iso2) => !taken.has(iso2))
  if (!free) {
    throw new Error(
      `createStoreContext: ${DEFAULT_COUNTRIES.join(", ")} all belong to regions; pass { countries }`
    )
  }
  return [free]
}

/**
 * A cart created through the real store API (`POST /store/carts`) with the publishable key:
 * the region is `store.regionId`, the sales channel comes from the key. Returns `data.cart`.
 * `overrides` is merged into the request body (e.g. `{ email }`, `{ region_id }`).
 */
export async function createCart(
  api: ApiClient,
  store: Pick<StoreContext, "regionId" | "headers">,
  overrides: Record<string, unknown> = {}
): Promise<any> {
  const response = await api.post(
    "/store/carts",
    { region_id: store.regionId, ...overrides },
    { headers: store.headers }
  )
  return response.data.cart
}

/**
 * A cart in an arbitrary sales channel (e.g. `store.otherSalesChannelId`, which the store
 * API refuses for this key), created with `createCartWorkflow`. Returns the created cart.
 */
export async function createCartInSalesChannel(
  container: MedusaContainer,
  salesChannelId: string,
  regionId: string
): Promise<any> {
  const { result } = await createCartWorkflow(container).run({
    input: { sales_channel_id: salesChannelId, region_id: regionId },
  })
  return result
}

/**
 * Marks a cart completed through the cart module (`completed_at = now`), without running the
 * checkout (no payment, no order). Returns the updated cart.
 */
export async function completeCartByHand(container: MedusaContainer, cartId: string): Promise<any> {
  const cartModule = container.resolve(Modules.CART)
  return cartModule.updateCarts(cartId, { completed_at: new Date() })
}

/**
 * Resolves `{ status, data }` for ANY status: the runner's axios client throws on non-2xx,
 * with the response on `error.response`. Errors without a response (network, bugs) are
 * rethrown. If `status` is given, asserts it (the message includes the body on mismatch).
 */
export async function expectStatus<T = any>(
  promise: Promise<HttpResponse<T>>,
  status?: number
): Promise<{ status: number; data: T }> {
  let response: { status: number; data: T }
  try {
    const ok = await promise
    response = { status: ok.status, data: ok.data }
  } catch (error: any) {
    if (!error?.response) {
      throw error
    }
    response = { status: error.response.status, data: error.response.data }
  }
  if (status !== undefined && response.status !== status) {
    throw new Error(
      `Expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.data)}`
    )
  }
  return response
}

/** `dbConnection.raw(sql, bindings)` → rows. Use `?` placeholders (knex), `??` for identifiers. */
export async function rawQuery<T = any>(
  dbConnection: KnexLike,
  sql: string,
  bindings: unknown[] | Record<string, unknown> = []
): Promise<T[]> {
  const result = await dbConnection.raw(sql, bindings)
  return result.rows as T[]
}

/**
 * Holds the module's lock of one resource+date, or of its departure at `startTime` (the key
 * lockKeySql names), in a transaction of the test's own connection while `work` runs: a
 * request that needs the key waits, then times out.
 */
export async function whileDateLocked<T>(
  dbConnection: unknown,
  resourceId: string,
  date: string,
  work: () => Promise<T>,
  startTime = ""
): Promise<T> {
  let result: T
  await (dbConnection as { transaction: (run: (trx: KnexLike) => Promise<void>) => Promise<void> }).transaction(
    async (trx) => {
      await trx.raw(`SELECT pg_advisory_xact_lock(${lockKeySql("?::text", "?::text", "?::text")})`, [resourceId, date, startTime, startTime])
      result = await work()
    }
  )
  return result!
}

/** The module's lock-timeout answer: 409 "<subject> is busy with another booking operation; retry shortly". */
export const isBusyAnswer = (response: { status: number; data: any }) =>
  response.status === 409 && /is busy with another booking operation; retry shortly$/.test(String(response.data?.message ?? ""))

/**
 * Sends a request again while it answers the module's 409 "busy, retry" (a date's lock wait ran
 * out), as a storefront would: at most `attempts` sends in all, each wait a little longer than
 * the last (with jitter, so a burst does not return in step). Any other answer is returned at
 * once; after the last attempt the 409 itself is returned, for the caller to assert on — a
 * retry never hides a refusal. `busy` counts the 409s that were retried or returned: report it.
 */
export async function retryWhileBusy<T = any>(
  send: () => Promise<{ status: number; data: T }>,
  options: { attempts?: number; baseDelayMs?: number } = {}
): Promise<{ response: { status: number; data: T }; busy: number }> {
  const attempts = options.attempts ?? 10
  const baseDelayMs = options.baseDelayMs ?? 50
  let busy = 0
  for (let attempt = 1; ; attempt++) {
    const response = await send()
    if (!isBusyAnswer(response)) {
      return { response, busy }
    }
    busy++
    if (attempt >= attempts) {
      return { response, busy }
    }
    await new Promise((resolve) => setTimeout(resolve, baseDelayMs * attempt + Math.random() * baseDelayMs))
  }
}

/** Retries `fn` (assertions included) until it passes: at most `attempts` × `intervalMs`, then its last error. */
export async function eventually<T>(fn: () => Promise<T>, attempts = 50, intervalMs = 100): Promise<T> {
  let lastError: unknown
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn()
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw lastError
}
