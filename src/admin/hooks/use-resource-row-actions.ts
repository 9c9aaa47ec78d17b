import { toast, usePrompt } from "@medusajs/ui"
import type { Resource } from "../lib/api-types"
import { errorMessage } from "../lib/error-message"
import { useDeleteResource, useSaveResource } from "./use-resources"

/**
 * Deactivate / activate / delete a resource, each after a prompt; the outcome goes to a
 * toast, a refusal with the API's message as it is.
 */
export function useResourceRowActions() {
  const prompt = usePrompt()
  const save = useSaveResource()
  const remove = useDeleteResource()

  const setActive = async (resource: Resource, isActive: boolean) => {
    const confirmed = await prompt({
      title: isActive ? "Activate resource?" : "Deactivate resource?",
      description: isActive
        ? `${resource.name} becomes bookable again.`
        : `${resource.name} stops taking new holds. Existing holds and capacity stay.`,
      confirmText: isActive ? "Activate" : "Deactivate",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (!confirmed) return
    save.mutate(
      { id: resource.id, input: { is_active: isActive } },
      {
        onSuccess: () => toast.success(isActive ? "Resource activated" : "Resource deactivated", { description: resource.name }),
        onError: (error) => toast.error(errorMessage(error)),
      }
    )
  }

  const deleteResource = async (resource: Resource, onDeleted?: () => void) => {
    const confirmed = await prompt({
      title: "Delete resource?",
      description: `${resource.name} is removed from the catalogue; its capacity and hold history stay. Refused while holds are live.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    remove.mutate(resource.id, {
      onSuccess: () => {
        toast.success("Resource deleted", { description: resource.name })
        onDeleted?.()
      },
      onError: (error) => toast.error(errorMessage(error)),
    })
  }

  return { setActive, deleteResource }
}
