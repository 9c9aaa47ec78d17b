import type {
  AddBookingBody,
  AddBookingOptions,
  AddBookingResponse,
  AvailabilityQuery,
  AvailabilityResponse,
  BookingClient,
  CreateHoldBody,
  RequestOptions,
  SdkClient,
  StartDatesQuery,
  StartDatesResponse,
  StoreHoldListResponse,
  StoreHoldResponse,
} from "./types.js"

export type {
  AddBookingBody,
  AddBookingOptions,
  AddBookingResponse,
  AvailabilityDay,
  AvailabilityQuery,
  AvailabilityResponse,
  BookingCart,
  BookingCartLine,
  BookingClient,
  BookingDates,
  BookingHoldsClient,
  BookingLineMetadata,
  BookingRules,
  CalendarDate,
  ClientHeaders,
  CreateHoldBody,
  DepartureAvailability,
  HoldStatus,
  RequestOptions,
  SdkClient,
  StartDatesQuery,
  StartDatesResponse,
  StoreHold,
  StoreHoldListResponse,
  StoreHoldResponse,
  StartTime,
  Timestamp,
} from "./types.js"

const BASE = "/store/resource-booking"

/**
 * The plugin's store routes on top of the storefront's own js-sdk client:
 * `createBookingClient(sdk.client)` with `sdk = new Medusa({ baseUrl, publishableKey })`, so
 * the publishable key, auth and global headers of that client apply to every request.
 *
 * Each call resolves to the route's JSON answer. A refusal (any status ≥ 300) rejects with the
 * js-sdk's own `FetchError`, untouched: `status` is the HTTP status and `message` the route's
 * message, ready to show as it is (see `isBookingRefusal`, `isBusy`). Nothing is retried.
 */
export function createBookingClient(client: SdkClient): BookingClient {
  if (!client || typeof client.fetch !== "function") {
    throw new TypeError(
      "createBookingClient takes the js-sdk's client: createBookingClient(sdk.client), with sdk = new Medusa({ baseUrl, publishableKey })"
    )
  }
  const get = <T>(path: string, query: Record<string, unknown>, options?: RequestOptions) =>
    client.fetch<T>(path, { ...options, method: "GET", query: defined(query) })
  const post = <T>(path: string, body: object, options?: RequestOptions, query?: Record<string, unknown>) =>
    client.fetch<T>(path, { ...options, method: "POST", body: { ...body }, ...(query ? { query } : {}) })
  const holdPath = (holdId: string, action: "release" | "extend") => `${BASE}/holds/${encodeURIComponent(holdId)}/${action}`

  return {
    availability: (query: AvailabilityQuery, options?: RequestOptions) =>
      get<AvailabilityResponse>(`${BASE}/availability`, { ...query }, options),
    startDates: (query: StartDatesQuery, options?: RequestOptions) =>
      get<StartDatesResponse>(`${BASE}/availability/starts`, { ...query }, options),
    addBooking: <TCart>(cartId: string, body: AddBookingBody, options?: AddBookingOptions) => {
      const { fields, ...rest } = options ?? {}
      const path = `${BASE}/carts/${encodeURIComponent(cartId)}/bookings`
      return post<AddBookingResponse<TCart>>(path, body, rest, fields === undefined ? undefined : { fields })
    },
    holds: {
      list: (cartId: string, options?: RequestOptions) =>
        get<StoreHoldListResponse>(`${BASE}/holds`, { cart_id: cartId }, options),
      create: (body: CreateHoldBody, options?: RequestOptions) => post<StoreHoldResponse>(`${BASE}/holds`, body, options),
      release: (holdId: string, cartId: string, options?: RequestOptions) =>
        post<StoreHoldResponse>(holdPath(holdId, "release"), { cart_id: cartId }, options),
      extend: (holdId: string, cartId: string, options?: RequestOptions) =>
        post<StoreHoldResponse>(holdPath(holdId, "extend"), { cart_id: cartId }, options),
    },
  }
}

/** The query without its undefined entries (an absent `quantity` stays absent). */
function defined(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined))
}

/** A route's refusal as the js-sdk rejects it (its `FetchError`): the HTTP status and the route's message. */
export type BookingRefusal = Error & { status: number; statusText?: string }

/**
 * Whether `error` is a route's refusal (the js-sdk's `FetchError` with a status), as opposed
 * to a network failure or a bug. Checked by shape, so it holds whichever build of the js-sdk
 * (ESM or CommonJS) threw it. Statuses: 400 a refusal to show as it is (capacity, a rule,
 * a bad request), 404 an unknown or completed cart, another cart's hold, an unknown
 * resource; 409 busy (see `isBusy`).
 */
export function isBookingRefusal(error: unknown): error is BookingRefusal {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number"
}

/**
 * Whether `error` is the 409 "… is busy with another booking operation; retry shortly": the
 * dates were locked by another checkout for longer than the server waits. Nothing was
 * changed; the same request may be sent again after a short pause.
 */
export function isBusy(error: unknown): boolean {
  return isBookingRefusal(error) && error.status === 409
}
