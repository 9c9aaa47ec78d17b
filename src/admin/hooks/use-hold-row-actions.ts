import { toast, usePrompt } from "@medusajs/ui"
import type { Hold } from "../lib/api-types"
import { errorMessage } from "../lib/error-message"
import { shortId } from "../lib/format"
import { type HoldAction, useHoldAction } from "./use-holds"

const PROMPTS: Record<HoldAction["kind"], { title: string; confirmText: string; done: string }> = {
  confirm: { title: "Confirm hold?", confirmText: "Confirm", done: "Hold confirmed" },
  extend: { title: "Extend hold?", confirmText: "Extend", done: "Hold extended" },
  release: { title: "Release hold?", confirmText: "Release", done: "Hold released" },
}

function describe(action: HoldAction, hold: Hold): string {
  const what = `${hold.quantity} unit(s) on ${hold.date} (hold ${shortId(hold.id)})`
  switch (action.kind) {
    case "confirm":
      return `Book ${what} for good, as a completed order would.`
    case "extend":
      return `Keep ${what} for ${action.minutes} more minute(s).`
    case "release":
      return `Give ${what} back to the resource. The customer's cart loses them.`
  }
}

/**
 * "Release", "Extend", "Confirm" on a hold, each after a usePrompt confirmation. Success
 * goes to a toast; a refusal goes to `toast.error` with the API's message exactly as sent.
 */
export function useHoldRowActions() {
  const prompt = usePrompt()
  const holdAction = useHoldAction()

  return async (hold: Hold, action: HoldAction) => {
    const text = PROMPTS[action.kind]
    const confirmed = await prompt({
      title: text.title,
      description: describe(action, hold),
      confirmText: text.confirmText,
      cancelText: "Cancel",
      variant: action.kind === "release" ? "danger" : "confirmation",
    })
    if (!confirmed) return
    holdAction.mutate(action, {
      onSuccess: () => toast.success(text.done, { description: shortId(hold.id) }),
      onError: (error) => toast.error(errorMessage(error)),
    })
  }
}
