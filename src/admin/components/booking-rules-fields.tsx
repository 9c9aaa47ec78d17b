import { Heading, Input, Label, Select, Text } from "@medusajs/ui"
import { useMemo } from "react"
import type { BookingRules, BookingUnit } from "../lib/api-types"
import { BOOKING_UNIT_LABELS, type BookingRulesForm, timeZoneNames } from "../lib/booking-rules"

type Field = {
  key: Exclude<keyof BookingRules, "timezone" | "booking_unit" | "min_quantity">
  label: string
  hint: string
  /** Required rules have a default; optional ones mean "none" when empty. */
  required: boolean
  min: number
}

const NUMBER_FIELDS: Field[] = [
  { key: "min_days", label: "Minimum days", hint: "Fewest dates one booking covers.", required: true, min: 1 },
  { key: "max_days", label: "Maximum days", hint: "Most dates one booking covers. Empty: no limit.", required: false, min: 1 },
  {
    key: "turnaround_days",
    label: "Turnaround days",
    hint: "Dates after a booking's last date that it also occupies (not charged).",
    required: true,
    min: 0,
  },
  {
    key: "cutoff_minutes",
    label: "Cut-off (minutes)",
    hint: "A first date stops being bookable this long before it ends (local midnight).",
    required: true,
    min: 0,
  },
  { key: "horizon_days", label: "Horizon (days)", hint: "How far after today a booking may start. Empty: no limit.", required: false, min: 0 },
]

/** A departure's cut-off counts back from its start time, not from the end of its date. */
const DEPARTURE_CUTOFF_HINT = "A departure stops being bookable this long before it leaves."

type Props = { value: BookingRulesForm; onChange: (value: BookingRulesForm) => void }

/**
 * The resource form's "Booking rules": "Sold by" (date or departure) and, for departures,
 * "Minimum to run"; time zone, min / max days, turnaround, cut-off, horizon.
 */
export function BookingRulesFields({ value, onChange }: Props) {
  const zones = useMemo(timeZoneNames, [])
  const set = (key: keyof BookingRulesForm) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value })
  const departure = value.booking_unit === "departure"

  return (
    <fieldset className="flex flex-col gap-y-4">
      <div className="flex flex-col gap-y-1">
        <Heading level="h3">Booking rules</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Checked on every booking; changes apply to new bookings only.
        </Text>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div className="flex flex-col gap-y-2">
          <Label htmlFor="resource-booking-unit">Sold by</Label>
          <Select value={value.booking_unit} onValueChange={(unit) => onChange({ ...value, booking_unit: unit })}>
            <Select.Trigger id="resource-booking-unit">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {(Object.keys(BOOKING_UNIT_LABELS) as BookingUnit[]).map((unit) => (
                <Select.Item key={unit} value={unit}>
                  {BOOKING_UNIT_LABELS[unit]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
          <Text size="xsmall" className="text-ui-fg-muted">
            Date: a date or a range of dates. Departure: a date and a start time, each with its own seats. Changes only while the
            resource has no capacity and no holds.
          </Text>
        </div>
        {departure && (
          <div className="flex flex-col gap-y-2">
            <Label htmlFor="resource-min_quantity">Minimum to run</Label>
            <Input
              id="resource-min_quantity"
              type="number"
              min={1}
              step={1}
              value={value.min_quantity}
              onChange={set("min_quantity")}
              placeholder="None"
            />
            <Text size="xsmall" className="text-ui-fg-muted">
              Confirmed seats a departure needs by its cut-off to run. Empty: no minimum.
            </Text>
          </div>
        )}
      </div>
      <div className="flex flex-col gap-y-2">
        <Label htmlFor="resource-timezone">Time zone</Label>
        <Input
          id="resource-timezone"
          value={value.timezone}
          onChange={set("timezone")}
          placeholder="Store default"
          list="resource-timezone-names"
          autoComplete="off"
        />
        <datalist id="resource-timezone-names">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <Text size="xsmall" className="text-ui-fg-muted">
          IANA name (e.g. Europe/Berlin) of the resource's "today", cut-off and horizon. Empty: the store's default.
        </Text>
      </div>
      <div className="grid grid-cols-2 gap-3">
        {NUMBER_FIELDS.map((field) => (
          <div key={field.key} className="flex flex-col gap-y-2">
            <Label htmlFor={`resource-${field.key}`}>{field.label}</Label>
            <Input
              id={`resource-${field.key}`}
              type="number"
              min={field.min}
              step={1}
              value={value[field.key]}
              onChange={set(field.key)}
              required={field.required}
              placeholder={field.required ? undefined : "None"}
            />
            <Text size="xsmall" className="text-ui-fg-muted">
              {departure && field.key === "cutoff_minutes" ? DEPARTURE_CUTOFF_HINT : field.hint}
            </Text>
          </div>
        ))}
      </div>
    </fieldset>
  )
}
