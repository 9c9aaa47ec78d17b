import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import type { CleanupResult, CleanupRun, Paginated } from "../lib/api-types"
import { errorStatus } from "../lib/error-message"
import { queryKeys } from "../lib/query-keys"
import { sdk } from "../lib/sdk"
import { useInvalidateResourceBooking } from "./use-invalidate-resource-booking"

type CleanupRunsResponse = Paginated & { runs: CleanupRun[] }

/** GET /admin/resource-booking/cleanup-runs, newest first. */
export function useCleanupRuns(page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.cleanupRuns(page),
    queryFn: () => sdk.client.fetch<CleanupRunsResponse>("/admin/resource-booking/cleanup-runs", { query: page }),
    placeholderData: keepPreviousData,
  })
}

/** What "Run cleanup now" ended with: a finished run, or another run already in progress (409). */
export type RunCleanupOutcome =
  | { kind: "ran"; result: CleanupResult }
  | { kind: "busy"; message: string }

/** POST /admin/resource-booking/cleanup; a 409 is an outcome, not an error. */
export function useRunCleanup() {
  const invalidate = useInvalidateResourceBooking()
  return useMutation({
    mutationFn: async (): Promise<RunCleanupOutcome> => {
      try {
        const { result } = await sdk.client.fetch<{ result: CleanupResult }>("/admin/resource-booking/cleanup", {
          method: "POST",
          body: {},
        })
        return { kind: "ran", result }
      } catch (error) {
        if (errorStatus(error) === 409) {
          return { kind: "busy", message: (error as Error).message }
        }
        throw error
      }
    },
    onSettled: () => invalidate(),
  })
}
