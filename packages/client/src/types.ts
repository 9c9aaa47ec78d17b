/**
 * Request and answer types of the medusa-resource-booking store routes, as JSON. Written by
 * hand from the routes (the plugin's src/api/store/resource-booking): the client depends on
 * nothing of the server. The plugin's HTTP tests check the real answers against these shapes.
 *
 * Dates are calendar dates `YYYY-MM-DD` in the resource's time zone; instants are ISO 8601
 * strings (UTC).
 */

/** `YYYY-MM-DD`. */
export type CalendarDate = string

/** ISO 8601 instant, e.g. `2031-07-01T10:30:00.000Z`. */
export type Timestamp = string

/** ACTIVE and CONFIRMED holds occupy capacity; RELEASED and EXPIRED do not. */
export type HoldStatus = "ACTIVE" | "CONFIRMED" | "RELEASED" | "EXPIRED"

/** A departure's start time, `HH:MM` (24 h, local time in the resource's time zone). */
export type StartTime = string

/**
 * A booking's dates, in exactly one of four forms:
 * - `date`: one date;
 * - `from` and `to`: every date from `from` to `to`, inclusive (a 4-day rental: the 1st to the 4th);
 * - `check_in` and `check_out`: nights, check-out exclusive (in on the 1st, out on the 4th books
 *   the 1st, 2nd and 3rd; the next guest may check in on the 4th);
 * - `date` and `start_time`: a departure (a resource sold by departure takes only this form).
 */
export type BookingDates =
  | { date: CalendarDate; start_time?: StartTime; from?: never; to?: never; check_in?: never; check_out?: never }
  | { from: CalendarDate; to: CalendarDate; date?: never; start_time?: never; check_in?: never; check_out?: never }
  | { check_in: CalendarDate; check_out: CalendarDate; date?: never; start_time?: never; from?: never; to?: never }

/** What a storefront sees of a hold. */
export type StoreHold = {
  id: string
  resource_id: string
  /** First booked date. */
  date: CalendarDate
  /** Last booked date (= `date` for one date; the night before check-out for a stay). */
  end_date: CalendarDate
  /** Booked dates: `end_date` − `date` + 1 (turnaround dates not counted). */
  days: number
  /** Last date the hold occupies: `end_date` plus the resource's turnaround days. */
  occupied_to: CalendarDate
  /** A departure's start time; null for a resource sold by date. */
  start_time: StartTime | null
  quantity: number
  status: HoldStatus
  /** When an ACTIVE hold lapses unless the cart completes or extends it. */
  expires_at: Timestamp
  cart_id: string
  created_at: Timestamp
}

/** The answer of create, release and extend. */
export type StoreHoldResponse = { hold: StoreHold }

/** The answer of `holds.list`: the cart's holds, newest first, whatever their status. */
export type StoreHoldListResponse = { holds: StoreHold[] }

// ------------------------------------------------------------------ availability

/** GET /store/resource-booking/availability: at most 366 dates. */
export type AvailabilityQuery = {
  resource_id: string
  from: CalendarDate
  to: CalendarDate
}

export type AvailabilityDay = {
  date: CalendarDate
  /** A capacity row, and a booking may start on this date now (today or later, cut-off and horizon applied). */
  bookable: boolean
  /** Units a checkout can take now (0 when not bookable; lapsed holds count as free). */
  available: number
  /** A resource sold by departure: the date's departures, ascending by start time (absent otherwise). */
  departures?: DepartureAvailability[]
}

/** One departure of a date: bookable until its own cut-off before it leaves. */
export type DepartureAvailability = {
  start_time: StartTime
  bookable: boolean
  /** Seats a checkout can take now (0 when not bookable). */
  available: number
}

/** A resource's booking rules, and what they allow at the moment of the answer. */
export type BookingRules = {
  /** "date": book dates or ranges (date, from/to, check_in/check_out); "departure": a date and a start_time. */
  booking_unit: "date" | "departure"
  /** Departures: units CONFIRMED for a departure to run (the operator's minimum); null when none. */
  min_quantity: number | null
  /** IANA time zone name in which the resource's dates are read. */
  timezone: string
  min_days: number
  max_days: number | null
  /** Dates occupied after each booking (cleaning, servicing), not priced. */
  turnaround_days: number
  /** Minutes before the end of a first date (a departure: before its start time) it stops being bookable. */
  cutoff_minutes: number
  horizon_days: number | null
  /** The date in `timezone` now. */
  today: CalendarDate
  /** The first date a booking made now may start on. */
  earliest_start: CalendarDate
  /** The last date a booking made now may start on; null without a horizon. */
  latest_start: CalendarDate | null
}

export type AvailabilityResponse = {
  availability: AvailabilityDay[]
  rules: BookingRules
}

/** GET /store/resource-booking/availability/starts: what a date picker enables. */
export type StartDatesQuery = {
  resource_id: string
  from: CalendarDate
  to: CalendarDate
  /** Booked dates of the booking (turnaround is added by the resource's rule). */
  days: number
  /** Units; default 1. */
  quantity?: number
}

/** The dates of [from, to], ascending, on which such a booking can start now. */
export type StartDatesResponse = { starts: CalendarDate[] }

// ------------------------------------------------------------------ holds and bookings

/** POST /store/resource-booking/holds. */
export type CreateHoldBody = BookingDates & {
  resource_id: string
  cart_id: string
  quantity: number
}

/** POST /store/resource-booking/carts/:id/bookings. */
export type AddBookingBody = BookingDates & {
  variant_id: string
  quantity: number
}

/** What a booking line's metadata carries (set by the route, read by checkout). */
export type BookingLineMetadata = {
  booking_date: CalendarDate
  booking_end_date: CalendarDate
  booking_days: number
  [key: string]: unknown
}

/** A cart line as the store cart route answers it by default: the fields a booking flow reads. */
export type BookingCartLine = {
  id: string
  title: string
  variant_id: string | null
  product_id: string | null
  quantity: number
  /** Major units of the cart's currency; a booking line is priced for its whole stay (variant price × days). */
  unit_price: number
  /** A booking line carries BookingLineMetadata; other lines whatever the store put there. */
  metadata: Partial<BookingLineMetadata> | null
}

/**
 * The cart as `GET /store/carts/:id` answers it with its default fields: the part a booking
 * flow reads. Pass your own type (e.g. `HttpTypes.StoreCart` from `@medusajs/types`) as the
 * type parameter of `addBooking`, and `fields` in its options to choose the fields.
 */
export type BookingCart = {
  id: string
  currency_code: string
  region_id: string | null
  email: string | null
  completed_at: Timestamp | null
  total: number
  subtotal: number
  item_total: number
  items: BookingCartLine[]
  [field: string]: unknown
}

export type AddBookingResponse<TCart = BookingCart> = {
  cart: TCart
  hold: StoreHold
}

// ------------------------------------------------------------------ the client

/** Headers as the js-sdk takes them (`null` removes a default header; Next.js cache tags allowed). */
export type ClientHeaders = Record<string, string | null | { tags: string[] }>

/**
 * Per-request options, passed through to the js-sdk's `fetch` (and from it to `fetch`):
 * the Next.js starter's auth headers and cache options fit here.
 */
export type RequestOptions = {
  headers?: ClientHeaders
  signal?: AbortSignal | null
  cache?: "default" | "force-cache" | "no-cache" | "no-store" | "only-if-cached" | "reload"
  next?: { tags?: string[]; revalidate?: number | false }
}

/** `addBooking` also takes the cart route's `fields` (e.g. `"*items,+items.total"`). */
export type AddBookingOptions = RequestOptions & { fields?: string }

/**
 * What the client needs of the js-sdk: its `fetch`. `new Medusa({ … }).client` fits; its
 * headers, publishable key and auth apply to every request.
 */
export type SdkClient = {
  fetch<T>(
    input: string,
    init?: {
      method?: string
      query?: Record<string, unknown>
      body?: Record<string, unknown>
      headers?: ClientHeaders
      signal?: AbortSignal | null
      [option: string]: unknown
    }
  ): Promise<T>
}

export type BookingHoldsClient = {
  /** GET /store/resource-booking/holds?cart_id — the open cart's holds (a completed cart is 404). */
  list(cartId: string, options?: RequestOptions): Promise<StoreHoldListResponse>
  /** POST /store/resource-booking/holds — 201: the units on every date, or a refusal and nothing. */
  create(body: CreateHoldBody, options?: RequestOptions): Promise<StoreHoldResponse>
  /** POST /store/resource-booking/holds/:id/release {cart_id} — idempotent; a CONFIRMED hold is 400. */
  release(holdId: string, cartId: string, options?: RequestOptions): Promise<StoreHoldResponse>
  /** POST /store/resource-booking/holds/:id/extend {cart_id} — another hold period from now, up to the hold's maximum lifetime. */
  extend(holdId: string, cartId: string, options?: RequestOptions): Promise<StoreHoldResponse>
}

export type BookingClient = {
  /** GET /store/resource-booking/availability — per date `bookable` and `available`, and the resource's rules. */
  availability(query: AvailabilityQuery, options?: RequestOptions): Promise<AvailabilityResponse>
  /** GET /store/resource-booking/availability/starts — the start dates a date picker enables. */
  startDates(query: StartDatesQuery, options?: RequestOptions): Promise<StartDatesResponse>
  /**
   * POST /store/resource-booking/carts/:id/bookings — the hold on every booked date and the
   * variant's line priced for the stay, in one call; a refusal leaves the cart as it was.
   */
  addBooking<TCart = BookingCart>(
    cartId: string,
    body: AddBookingBody,
    options?: AddBookingOptions
  ): Promise<AddBookingResponse<TCart>>
  holds: BookingHoldsClient
}
