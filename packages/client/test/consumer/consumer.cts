// A CommonJS consumer: `require` resolves the package's CommonJS build and its declarations.
import { createBookingClient, isBookingRefusal, isBusy } from "medusa-resource-booking-client"
import type { AddBookingBody, BookingCart, StoreHold } from "medusa-resource-booking-client"

declare const sdkClient: { fetch<T>(input: string, init?: object): Promise<T> }

const booking = createBookingClient(sdkClient)

export const hold: Promise<StoreHold> = booking.holds
  .create({ resource_id: "res_01", cart_id: "cart_01", quantity: 1, from: "2031-07-01", to: "2031-07-04" })
  .then(({ hold }) => hold)

export const cart: Promise<BookingCart> = booking
  .addBooking("cart_01", { variant_id: "variant_01", quantity: 1, check_in: "2031-07-10", check_out: "2031-07-13" })
  .then(({ cart }) => cart)

// @ts-expect-error the dates come in one form only
export const twoForms: AddBookingBody = { variant_id: "variant_01", quantity: 1, date: "2031-07-01", from: "2031-07-01", to: "2031-07-02" }

// @ts-expect-error `to` goes with `from`
export const half: AddBookingBody = { variant_id: "variant_01", quantity: 1, from: "2031-07-01" }

export const message = (error: unknown): string | null => (isBookingRefusal(error) && !isBusy(error) ? error.message : null)
