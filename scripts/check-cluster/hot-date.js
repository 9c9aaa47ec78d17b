/**
 * One hot date sold through two server processes at once: `attempts` storefront carts each
 * ask for one unit of a date that has `capacity`, half of them through each server, all in
 * flight together. The locks are in PostgreSQL, so the two processes must grant exactly the
 * capacity between them; the control (servers started with unsafe_skip_locking, a plain
 * read-then-write) must oversell on the same harness, or the harness proves nothing.
 */
const { createCart } = require("../lib/store-setup")

/** Creates the carts (through the first server), then fires every hold at once; returns what came back and what the database holds. */
async function raceForHotDate({ apis, storefront, db, key, attempts }) {
  const carts = []
  for (let i = 0; i < attempts; i++) carts.push(await createCart(apis[i % apis.length], storefront, `hot-${i}@cluster.local`))
  const answers = await Promise.all(
    carts.map((cart, i) =>
      apis[i % apis.length].post(
        "/store/resource-booking/holds",
        { resource_id: key.resource_id, date: key.date, quantity: 1, cart_id: cart.id },
        { headers: storefront.store }
      )
    )
  )
  const byStatus = {}
  for (const answer of answers) byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1
  const granted = answers.filter((answer) => answer.status === 201 || answer.status === 200).length
  const refused = answers.filter((answer) => answer.status === 400 && /^Insufficient capacity/.test(answer.body?.message ?? "")).length
  const perServer = apis.map((_, s) => answers.filter((answer, i) => i % apis.length === s && (answer.status === 201 || answer.status === 200)).length)
  const { rows } = await db.query(
    `SELECT c.max_capacity, c.available_capacity,
            (SELECT coalesce(sum(quantity), 0)::int FROM resource_hold h
              WHERE h.resource_id = c.resource_id AND h.date <= c.date AND h.occupied_to >= c.date
                AND h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL) AS held
       FROM resource_capacity c WHERE c.resource_id = $1 AND c.date = $2::date AND c.deleted_at IS NULL`,
    [key.resource_id, key.date]
  )
  const [row] = rows
  return {
    byStatus,
    granted,
    refused,
    perServer,
    held: row.held,
    available: row.available_capacity,
    max: row.max_capacity,
    drift: row.available_capacity !== row.max_capacity - row.held,
    serverErrors: answers.filter((answer) => answer.status >= 500).map((answer) => JSON.stringify(answer.body)),
  }
}

/** "201×20, 400×60; granted 12 + 8; held 20 of 20, available 0". */
function describeRace(race) {
  const statuses = Object.entries(race.byStatus).map(([status, count]) => `${status}×${count}`).join(", ")
  return `${statuses}; granted ${race.perServer.join(" + ")} by server; held ${race.held} of ${race.max}, available ${race.available}`
}

module.exports = { raceForHotDate, describeRace }
