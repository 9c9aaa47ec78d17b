import { Button, toast } from "@medusajs/ui"
import { useRunCleanup } from "../hooks/use-cleanup"
import { errorMessage } from "../lib/error-message"
import { formatDuration } from "../lib/format"

/**
 * "Run cleanup now": expires overdue holds at once. The result goes to a toast; a 409
 * (another run in progress on some instance) is information, not an error. The figures
 * refresh afterwards (the hook invalidates every resource-booking query).
 */
export function RunCleanupButton() {
  const runCleanup = useRunCleanup()

  const onClick = () =>
    runCleanup.mutate(undefined, {
      onSuccess: (outcome) => {
        if (outcome.kind === "busy") {
          toast.info("Cleanup already running", { description: outcome.message })
          return
        }
        const { expired_count, capacity_restored, failed_count, duration_ms } = outcome.result
        const summary = `Expired ${expired_count} hold(s), restored ${capacity_restored} unit(s) in ${formatDuration(duration_ms)}`
        if (failed_count > 0) {
          toast.warning("Cleanup finished with failures", { description: `${summary}; ${failed_count} failed` })
        } else {
          toast.success("Cleanup finished", { description: summary })
        }
      },
      onError: (error) => toast.error("Cleanup failed", { description: errorMessage(error) }),
    })

  return (
    <Button size="small" variant="secondary" onClick={onClick} isLoading={runCleanup.isPending}>
      Run cleanup now
    </Button>
  )
}
