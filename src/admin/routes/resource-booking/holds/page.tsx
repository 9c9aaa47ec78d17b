import { defineRouteConfig } from "@medusajs/admin-sdk"
import { HoldsTable } from "../../../components/holds-table"

/** Holds (/app/resource-booking/holds): every hold, filtered, with Release / Extend / Confirm. */
const HoldsPage = () => <HoldsTable />

export const config = defineRouteConfig({
  label: "Holds",
  rank: 2,
})

export const handle = {
  breadcrumb: () => "Holds",
}

export default HoldsPage
