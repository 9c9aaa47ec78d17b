import Medusa from "@medusajs/js-sdk"

/**
 * The one js-sdk client of these screens: session auth, i.e. the Admin's own login cookie.
 * `baseUrl` "" or "/" means "this page's origin" to the js-sdk.
 */
export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ || "/",
  auth: { type: "session" },
})

/** Absolute URL of a backend path, for the few calls that must bypass the js-sdk. */
export function backendUrl(path: string): string {
  const base = __BACKEND_URL__ && __BACKEND_URL__ !== "/" ? __BACKEND_URL__ : window.location.origin
  return `${base.replace(/\/$/, "")}${path}`
}
