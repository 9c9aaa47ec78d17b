import { Drawer, Input, Label, toast } from "@medusajs/ui"
import { type FormEvent, useEffect, useState } from "react"
import { useSetCapacity } from "../hooks/use-resource-capacity"
import { errorMessage } from "../lib/error-message"
import { DrawerFormError, DrawerFormFooter } from "./drawer-form-parts"

type Props = {
  resourceId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Pre-filled range (a clicked date, or the month on screen). */
  initialRange: { from: string; to: string }
}

/**
 * "Set capacity": max capacity for every date from..to (inclusive). The API validates (e.g. not
 * below units already held) and its message is shown as it is, in the form and in a toast.
 */
export function SetCapacityDrawer({ resourceId, open, onOpenChange, initialRange }: Props) {
  const setCapacity = useSetCapacity(resourceId)
  const [from, setFrom] = useState(initialRange.from)
  const [to, setTo] = useState(initialRange.to)
  const [max, setMax] = useState("")

  useEffect(() => {
    if (!open) return
    setFrom(initialRange.from)
    setTo(initialRange.to)
    setCapacity.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, initialRange.from, initialRange.to])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    // Sent as typed: the API, not the form, decides what is valid and says why.
    setCapacity.mutate(
      { from, to, max_capacity: max.trim() === "" ? Number.NaN : Number(max) },
      {
        onSuccess: () => {
          toast.success("Capacity set", { description: `${max} unit(s) per date, ${from} to ${to}` })
          onOpenChange(false)
        },
        onError: (error) => toast.error("Capacity not changed", { description: errorMessage(error) }),
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={onSubmit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>Set capacity</Drawer.Title>
            <Drawer.Description className="txt-small text-ui-fg-subtle">
              The maximum units sold for each date of the range. Units already held or booked stay counted.
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4">
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="capacity-from">From</Label>
                <Input id="capacity-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
              </div>
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="capacity-to">To</Label>
                <Input id="capacity-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
              </div>
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="capacity-max">Max capacity</Label>
              <Input id="capacity-max" type="number" min={0} step={1} value={max} onChange={(e) => setMax(e.target.value)} required />
            </div>
            <DrawerFormError error={setCapacity.isError ? setCapacity.error : null} />
          </Drawer.Body>
          <DrawerFormFooter pending={setCapacity.isPending} />
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
