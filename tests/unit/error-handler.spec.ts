import { MedusaError } from "@medusajs/framework/utils"
import { MaxRetriesPerRequestError } from "ioredis/built/errors"
import { bookingErrorHandler } from "../../src/api/error-handler"

/** What an error handler answered: the status and the JSON body it sent. */
async function answer(path: string, error: unknown): Promise<{ status: number; body: any; headers?: Record<string, string> }> {
  const sent: { status: number; body: any; headers?: Record<string, string> } = { status: 0, body: undefined }
  const res: any = {
    setHeader(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value }
      return res
    },
    status(code: number) {
      sent.status = code
      return res
    },
    json(body: unknown) {
      sent.body = body
      return res
    },
  }
  const quiet = { info: () => undefined, error: () => undefined, warn: () => undefined }
  const req: any = { path, method: "POST", originalUrl: path, url: path, headers: {}, scope: { resolve: () => quiet } }
  await bookingErrorHandler(error, req, res, () => undefined)
  return sent
}

const lockTimeout = () =>
  new MedusaError(
    MedusaError.Types.CONFLICT,
    "Resource res_1 on 2027-03-01 is busy with another booking operation; retry shortly"
  )

describe("bookingErrorHandler", () => {
  it.each(["/store/resource-booking/holds", "/admin/resource-booking/holds/rhold_1/confirm", "/admin/jobs/cleanup-expired-holds"])(
    "keeps a lock timeout's own message on the plugin's route %s",
    async (path) => {
      expect(await answer(path, lockTimeout())).toEqual({
        status: 409,
        body: {
          type: "conflict",
          code: "invalid_state_error",
          message: "Resource res_1 on 2027-03-01 is busy with another booking operation; retry shortly",
        },
      })
    }
  )

  it.each([
    ["ioredis's retry limit", () => new MaxRetriesPerRequestError(20)],
    ["a closed Redis connection", () => new Error("Connection is closed.")],
  ])("answers %s on the plugin's routes with a 503 naming Redis, and Retry-After", async (_, error) => {
    const sent = await answer("/store/resource-booking/holds", error())
    expect(sent).toEqual({
      status: 503,
      headers: { "Retry-After": "10" },
      body: {
        type: "unexpected_state",
        code: "service_unavailable",
        message: `Redis is unreachable (${(error() as Error).message}); nothing was changed, retry shortly`,
      },
    })
    expect((await answer("/store/carts", error())).status).toBe(500)
  })

  it.each([
    ["a terminated backend (57P01)", () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a refused connection", () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["a dropped connection", () => new Error("Connection terminated unexpectedly")],
    ["a transaction whose connection was dropped", () => new Error("Transaction query already complete, run with DEBUG=knex:tx for more info")],
    ["a connection the server ended", () => new Error("Connection ended unexpectedly")],
    ["an empty pool", () => new Error("Knex: Timeout acquiring a connection. The pool is probably full.")],
  ])("answers %s on the plugin's routes with a 503 naming the database", async (_, error) => {
    const sent = await answer("/admin/resource-booking/cleanup", error())
    expect(sent.status).toBe(503)
    expect(sent.headers).toEqual({ "Retry-After": "10" })
    expect(sent.body).toMatchObject({ type: "unexpected_state", code: "service_unavailable" })
    expect(sent.body.message).toMatch(/^The database is unreachable \(.+\); retry shortly$/)
  })

  it("answers a malformed path escape on the plugin's routes with a 400 naming it", async () => {
    const error = Object.assign(new URIError("URI malformed"), { status: 400 })
    expect(await answer("/store/resource-booking/holds/%zz/release", error)).toEqual({
      status: 400,
      body: { type: "invalid_data", message: "Malformed URL: URI malformed" },
    })
  })

  it("leaves every other route's errors to Medusa's own handler, unchanged", async () => {
    const ours = await answer("/store/carts/cart_1", lockTimeout())
    expect(ours.status).toBe(409)
    expect(ours.body.message).toBe(
      "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."
    )
    const nested = new MedusaError(MedusaError.Types.INVALID_ARGUMENT, "Key accessor more than 2 levels deep: a.b.c")
    expect((await answer("/store/products", nested)).status).toBe(500)
    expect((await answer("/store/resource-booking/availability", nested)).status).toBe(400)
  })
})
