/**
 * Grows the store's tables with SQL to `holds` holds and `carts` carts (totals; nothing is
 * inserted when a table already has that many), the way months of trading would leave them:
 *
 * - GROWN_RESOURCES resources of their own ("Grown tour n");
 * - carts in the storefront's region and channel, created over the last 180 days: the first
 *   half completed (orders), the next 30% open and abandoned, the last 20% open, recent and
 *   without holds (returned as `openCartIds`, for the grown phase's hold requests);
 * - holds on the grown resources, 2% ACTIVE (created in the last 25 minutes, for dates in
 *   the next 60 days), 30% CONFIRMED (on completed carts), 45% EXPIRED and 23% RELEASED
 *   (on abandoned carts), created over the last 180 days for a first date 0–60 days later,
 *   1–3 units each; 80% book one date, 20% 2 to 7 dates;
 * - a capacity row for every date the grown holds occupy, sized so that the invariant holds:
 *   available = headroom (2–20 units), max = units of the ACTIVE and CONFIRMED holds
 *   occupying it + headroom.
 *
 * The load's own resources and capacity rows are left as they are. `random()` is seeded,
 * so two runs of the same sizes insert the same rows.
 */
const GROWN_RESOURCES = 300

const pad = (n, width) => String(n).padStart(width, "0")
const cartId = (n) => `cart_grow${pad(n, 7)}`

async function count(db, table) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`)
  return rows[0].n
}

async function timed(fn) {
  const started = Date.now()
  const result = await fn()
  return { result, seconds: (Date.now() - started) / 1000 }
}

/** Cart segments of `total` grown carts: completed [1, completed], abandoned (completed, abandoned], open without holds after. */
function cartSegments(total) {
  const completed = Math.max(1, Math.floor(total * 0.5))
  const abandoned = Math.max(completed + 1, Math.floor(total * 0.8))
  return { completed, abandoned }
}

async function insertCarts(db, total, { regionId, channelId }) {
  const { completed, abandoned } = cartSegments(total)
  await db.query(`SELECT setseed(0.31)`)
  await db.query(
    `INSERT INTO cart (id, region_id, sales_channel_id, email, currency_code, created_at, updated_at, completed_at)
     SELECT 'cart_grow' || lpad(n::text, 7, '0'), $1, $2, 'grown' || n || '@bench.local', 'eur',
            created, created + interval '20 minutes',
            CASE WHEN n <= $3 THEN created + interval '15 minutes' END
       FROM (SELECT n, CASE WHEN n <= $4 THEN now() - interval '1 day' - random() * interval '179 days'
                            ELSE now() - random() * interval '2 hours' END AS created
               FROM generate_series(1, $5::int) n) c`,
    [regionId, channelId, completed, abandoned, total]
  )
  const openCartIds = []
  for (let n = abandoned + 1; n <= total; n++) openCartIds.push(cartId(n))
  return openCartIds
}

async function insertResources(db) {
  await db.query(
    `INSERT INTO resource (id, name, description)
     SELECT 'res_grow' || lpad(r::text, 4, '0'), 'Grown tour ' || r, 'Inserted by the HTTP benchmark'
       FROM generate_series(1, $1::int) r`,
    [GROWN_RESOURCES]
  )
}

/** `total` holds; `cartTotal` the grown carts' count (for the segments the holds' carts come from). */
async function insertHolds(db, total, cartTotal) {
  const { completed, abandoned } = cartSegments(Math.max(cartTotal, 10))
  await db.query(`SELECT setseed(0.47)`)
  await db.query(
    `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, cart_id, order_id,
                                confirmed_at, released_at, expired_at, created_at, updated_at)
     SELECT 'rhold_grow' || lpad(h::text, 8, '0'),
            'res_grow' || lpad((1 + h % $1)::text, 4, '0'),
            first, first + days - 1, first + days - 1,
            1 + (h % 7 = 0)::int + (h % 13 = 0)::int,
            status,
            created + interval '30 minutes',
            'cart_grow' || lpad(cart::text, 7, '0'),
            CASE WHEN status = 'CONFIRMED' THEN 'order_grow' || lpad(cart::text, 7, '0') END,
            CASE WHEN status = 'CONFIRMED' THEN created + ended END,
            CASE WHEN status = 'RELEASED' THEN created + ended END,
            CASE WHEN status = 'EXPIRED' THEN created + interval '30 minutes' + ended / 6 END,
            created,
            CASE status WHEN 'ACTIVE' THEN created
                        WHEN 'EXPIRED' THEN created + interval '30 minutes' + ended / 6
                        ELSE created + ended END
       FROM (SELECT g.*,
                    CASE WHEN status = 'ACTIVE' THEN current_date + 1 + h % 60 ELSE created::date + h % 61 END AS first,
                    CASE WHEN (h / 7) % 5 = 0 THEN 2 + (h / 35) % 6 ELSE 1 END AS days
               FROM (SELECT h, status,
                            CASE WHEN status = 'CONFIRMED' THEN 1 + h % $2
                                 ELSE $2 + 1 + h % ($3 - $2) END AS cart,
                            CASE WHEN status = 'ACTIVE' THEN now() - random() * interval '25 minutes'
                                 ELSE now() - interval '1 hour' - random() * interval '179 days' END AS created,
                            random() * interval '29 minutes' AS ended
                       FROM (SELECT h, CASE WHEN h % 100 < 2 THEN 'ACTIVE'
                                            WHEN h % 100 < 32 THEN 'CONFIRMED'
                                            WHEN h % 100 < 77 THEN 'EXPIRED'
                                            ELSE 'RELEASED' END AS status
                               FROM generate_series(1, $4::int) h) s) g) d`,
    [GROWN_RESOURCES, completed, abandoned, total]
  )
}

async function insertCapacity(db) {
  const { rowCount } = await db.query(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_grow' || lpad((row_number() OVER (ORDER BY resource_id, date))::text, 8, '0'),
            resource_id, date, held + headroom, headroom
       FROM (SELECT h.resource_id, o.date,
                    coalesce(sum(h.quantity) FILTER (WHERE h.status IN ('ACTIVE', 'CONFIRMED')), 0) AS held,
                    2 + abs(hashtext(h.resource_id || o.date::text)) % 19 AS headroom
               FROM resource_hold h,
                    LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
              WHERE h.id LIKE 'rhold_grow%' GROUP BY h.resource_id, o.date) k`
  )
  return rowCount
}

/**
 * Grows the tables; resolves with what it inserted, each step's seconds, and the open grown
 * carts without holds.
 */
async function growTables(db, { holds, carts, storefront }) {
  const cartsToInsert = Math.max(0, carts - (await count(db, "cart")))
  const holdsToInsert = Math.max(0, holds - (await count(db, "resource_hold")))
  const resources = await timed(() => insertResources(db))
  const cartStep = await timed(() => (cartsToInsert ? insertCarts(db, cartsToInsert, storefront) : []))
  const holdStep = await timed(() => (holdsToInsert ? insertHolds(db, holdsToInsert, cartsToInsert) : null))
  const capacityStep = await timed(() => insertCapacity(db))
  return {
    resources: GROWN_RESOURCES,
    cartsInserted: cartsToInsert,
    holdsInserted: holdsToInsert,
    capacityRows: capacityStep.result,
    openCartIds: cartStep.result,
    seconds: { resources: resources.seconds, carts: cartStep.seconds, holds: holdStep.seconds, capacity: capacityStep.seconds },
  }
}

module.exports = { growTables, GROWN_RESOURCES }
