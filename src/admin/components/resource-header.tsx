import { PencilSquare } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import { useResourceRowActions } from "../hooks/use-resource-row-actions"
import type { Resource } from "../lib/api-types"
import { formatDateTime } from "../lib/format"
import { BookingRulesSummary } from "./booking-rules-summary"
import { ResourceFormDrawer } from "./resource-form-drawer"

/** The resource page's title block: name, status, description, booking rules, and edit / (de)activate / delete. */
export function ResourceHeader({ resource }: { resource: Resource }) {
  const navigate = useNavigate()
  const [editing, setEditing] = useState(false)
  const { setActive, deleteResource } = useResourceRowActions()

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div className="flex items-center gap-x-3">
          <Heading level="h1">{resource.name}</Heading>
          {resource.is_active ? <StatusBadge color="green">Active</StatusBadge> : <StatusBadge color="grey">Inactive</StatusBadge>}
        </div>
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
            <PencilSquare />
            Edit
          </Button>
          <Button size="small" variant="secondary" onClick={() => setActive(resource, !resource.is_active)}>
            {resource.is_active ? "Deactivate" : "Activate"}
          </Button>
          <Button size="small" variant="danger" onClick={() => deleteResource(resource, () => navigate("/resource-booking/resources"))}>
            Delete
          </Button>
        </div>
      </div>
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Text size="small" className={resource.description ? "text-ui-fg-base" : "text-ui-fg-muted"}>
          {resource.description || "No description."}
        </Text>
        <Text size="xsmall" className="text-ui-fg-muted">
          {resource.id} · created {formatDateTime(resource.created_at)}
        </Text>
      </div>
      <div className="px-6 py-4">
        <BookingRulesSummary resource={resource} />
      </div>
      <ResourceFormDrawer open={editing} onOpenChange={setEditing} resource={resource} />
    </Container>
  )
}
