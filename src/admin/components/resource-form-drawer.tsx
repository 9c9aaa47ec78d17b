import { Drawer, Input, Label, Switch, Textarea, toast } from "@medusajs/ui"
import { type FormEvent, useEffect, useState } from "react"
import { useSaveResource } from "../hooks/use-resources"
import type { Resource } from "../lib/api-types"
import { rulesForm, rulesInput } from "../lib/booking-rules"
import { errorMessage } from "../lib/error-message"
import { BookingRulesFields } from "./booking-rules-fields"
import { DrawerFormError, DrawerFormFooter } from "./drawer-form-parts"

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The resource to edit; absent: create a new one. */
  resource?: Resource
  onSaved?: (resource: Resource) => void
}

/**
 * Create ("Create resource") or edit a resource: name, description, active and its booking
 * rules, "Sold by" (date or departure) and "Minimum to run" among them. Shows the API's refusal
 * (a 400 naming the field, or the refused change of "Sold by" once the resource has capacity or
 * holds) as it is, in the form and in a toast.
 */
export function ResourceFormDrawer({ open, onOpenChange, resource, onSaved }: Props) {
  const save = useSaveResource()
  const [name, setName] = useState("")
  const [description, setDescription] = useState("")
  const [isActive, setIsActive] = useState(true)
  const [rules, setRules] = useState(() => rulesForm(resource))

  // Each opening starts from the resource's current values (or blank for a new one). Keyed on
  // the id, not the object: a save refetches the resource, and resetting the mutation then
  // would drop the save's own onSuccess (the drawer would stay open).
  useEffect(() => {
    if (!open) return
    setName(resource?.name ?? "")
    setDescription(resource?.description ?? "")
    setIsActive(resource?.is_active ?? true)
    setRules(rulesForm(resource))
    save.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, resource?.id])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const input = { name: name.trim(), description: description.trim() || null, is_active: isActive, ...rulesInput(rules) }
    save.mutate(
      { id: resource?.id, input },
      {
        onSuccess: ({ resource: saved }) => {
          toast.success(resource ? "Resource saved" : "Resource created", { description: saved.name })
          onOpenChange(false)
          onSaved?.(saved)
        },
        onError: (error) => toast.error(resource ? "Resource not saved" : "Resource not created", { description: errorMessage(error) }),
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={onSubmit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>{resource ? "Edit resource" : "Create resource"}</Drawer.Title>
            <Drawer.Description className="sr-only">A bookable resource sold by date or by departure.</Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex min-h-0 flex-col gap-y-4 overflow-y-auto">
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="resource-name">Name</Label>
              <Input id="resource-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} />
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="resource-description">Description</Label>
              <Textarea id="resource-description" value={description} onChange={(e) => setDescription(e.target.value)} />
            </div>
            <div className="flex items-center gap-x-2">
              <Switch id="resource-active" checked={isActive} onCheckedChange={setIsActive} />
              <Label htmlFor="resource-active">Active (bookable at checkout)</Label>
            </div>
            <BookingRulesFields value={rules} onChange={setRules} />
            <DrawerFormError error={save.isError ? save.error : null} />
          </Drawer.Body>
          <DrawerFormFooter pending={save.isPending} disabled={!name.trim()} />
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
