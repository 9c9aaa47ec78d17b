/** POST /admin/jobs/cleanup-expired-holds: the same manual trigger under the job's name. */
export { POST } from "../../resource-booking/cleanup/route"
