/**
 * Carts for the hold requests, one per request: `take()` hands out each cart once, in
 * order. `ensure(n)` tops the pool up to n unused carts with SQL copies of a template cart
 * (same region, sales channel and currency, open, no lines): POST /store/carts is too slow
 * to create every cart a measurement can use. When the pool runs dry, `take()` starts over
 * from the first cart and counts each reuse in `reused`.
 */
class CartPool {
  /** `db` a pg client; `templateId` an open cart made through the API; `prefix` the copies' id prefix ("cart_xyz"). */
  constructor(db, templateId, prefix) {
    this.db = db
    this.templateId = templateId
    this.prefix = prefix
    this.ids = []
    this.next = 0
    this.copies = 0
    this.reused = 0
  }

  add(ids) {
    this.ids.push(...ids)
  }

  remaining() {
    return Math.max(0, this.ids.length - this.next)
  }

  take() {
    if (this.next >= this.ids.length) {
      this.reused++
      return this.ids[this.next++ % this.ids.length]
    }
    return this.ids[this.next++]
  }

  /** The carts handed out so far (without repeats). */
  taken() {
    return this.ids.slice(0, Math.min(this.next, this.ids.length))
  }

  /** Inserts copies of the template until at least `count` carts are unused; returns how many it inserted. */
  async ensure(count) {
    const missing = count - this.remaining()
    if (missing <= 0) return 0
    const { rows } = await this.db.query(
      `INSERT INTO cart (id, region_id, sales_channel_id, email, currency_code, locale, created_at, updated_at)
       SELECT $1 || lpad((g + $2)::text, 9, '0'), t.region_id, t.sales_channel_id,
              'copy' || (g + $2) || '@bench.local', t.currency_code, t.locale, now(), now()
         FROM cart t CROSS JOIN generate_series(1, $3::int) g
        WHERE t.id = $4
       RETURNING id`,
      [this.prefix, this.copies, missing, this.templateId]
    )
    if (rows.length !== missing) throw new Error(`cart pool: inserted ${rows.length} copies of ${this.templateId}, expected ${missing}`)
    this.copies += missing
    this.ids.splice(this.next, 0, ...rows.map((row) => row.id))
    return missing
  }
}

module.exports = { CartPool }
