import { Button, Drawer, Text } from "@medusajs/ui"
import { errorMessage } from "../lib/error-message"

/** The API's refusal of a drawer form, shown as it is (nothing when there is none). */
export function DrawerFormError({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <Text size="small" className="text-ui-fg-error" role="alert">
      {errorMessage(error)}
    </Text>
  )
}

/** A drawer form's footer: "Cancel" closes the drawer, "Save" submits the form. */
export function DrawerFormFooter({ pending, disabled = false }: { pending: boolean; disabled?: boolean }) {
  return (
    <Drawer.Footer>
      <Drawer.Close asChild>
        <Button size="small" variant="secondary" type="button">
          Cancel
        </Button>
      </Drawer.Close>
      <Button size="small" type="submit" isLoading={pending} disabled={disabled}>
        Save
      </Button>
    </Drawer.Footer>
  )
}
