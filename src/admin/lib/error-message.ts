/**
 * The message to show for a failed request. The js-sdk's FetchError carries the API's
 * `message` as it is (the contract: refusals are reported verbatim), so prefer it.
 */
export function errorMessage(error: unknown, fallback = "Something went wrong"): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === "string" && error) return error
  return fallback
}

/** HTTP status of a js-sdk FetchError, if the error is one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}
