/**
 * The capacity invariant, checked over the whole database in one statement (one snapshot):
 * for every live capacity row, available = max − Σ quantity of the ACTIVE and CONFIRMED
 * holds OCCUPYING its date (h.date <= c.date <= h.occupied_to: every booked date and the
 * turnaround after them) and available >= 0; and no date a live hold occupies is without a
 * capacity row ("uncovered"). Every occupied date of every live hold counts, so a range whose
 * units came back on some of its dates but not on others (half expired, half released) shows
 * as drift on the dates that disagree. `db` is a pg client; returns { ok, detail, counts (the
 * figures of `detail`), drift: the first few resource+dates that disagree }.
 *
 * How, in one pass over the live holds whatever their length: per resource, a sweep along
 * the calendar. A hold adds its quantity on its first date and takes
 * it off the day after its last occupied date; the capacity rows join the same points; the
 * running sum at a point is what occupies that date and every date up to the next point. So
 * a capacity row's held units are the running sum on its date, and a stretch held (sum > 0)
 * from one point to the next has dates without a row unless the stretch is only its first
 * date and that date has one. Measured with stress/invariant-scale.js (docs/reliability.md):
 * 0.5–0.8 s at 1,000,000 live holds of 1 to 8 occupied dates, where spreading each hold over
 * its dates with generate_series takes 0.9–1.0 s (and its row estimate of 1,000 dates per
 * hold can get the statement JIT-compiled, which alone took 0.35 s at 20,000 holds).
 */
async function capacityInvariant(db) {
  const { rows } = await db.query(
    `WITH live AS NOT MATERIALIZED (
       SELECT resource_id, date, occupied_to, quantity FROM resource_hold
        WHERE status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL
     ), points AS (
       SELECT resource_id, date AS day, quantity AS delta, NULL::int AS max_capacity, NULL::int AS available_capacity,
              1 AS holds, (occupied_to > date)::int AS spanning, occupied_to - date + 1 AS hold_dates
         FROM live
       UNION ALL
       SELECT resource_id, occupied_to + 1, -quantity, NULL, NULL, 0, 0, 0 FROM live
       UNION ALL
       SELECT resource_id, date, 0, max_capacity, available_capacity, 0, 0, 0 FROM resource_capacity WHERE deleted_at IS NULL
     ), merged AS (
       SELECT resource_id, day, sum(delta) AS delta, max(max_capacity) AS max_capacity, max(available_capacity) AS available_capacity,
              sum(holds) AS holds, sum(spanning) AS spanning, sum(hold_dates) AS hold_dates
         FROM points GROUP BY resource_id, day
     ), swept AS (
       SELECT *, max_capacity IS NOT NULL AS has_row, sum(delta) OVER w AS held, lead(day) OVER w AS next_day
         FROM merged WINDOW w AS (PARTITION BY resource_id ORDER BY day)
     )
     SELECT count(*) FILTER (WHERE has_row)::int AS rows,
            coalesce(sum(holds), 0)::int AS live_holds,
            coalesce(sum(spanning), 0)::int AS spanning,
            coalesce(sum(hold_dates), 0)::bigint AS hold_dates,
            count(*) FILTER (WHERE has_row AND available_capacity <> max_capacity - held)::int AS drift,
            count(*) FILTER (WHERE has_row AND available_capacity < 0)::int AS negative,
            coalesce(sum(next_day - day - has_row::int) FILTER (WHERE held > 0), 0)::int AS uncovered,
            (json_agg(json_build_object('resource_id', resource_id, 'date', to_char(day, 'YYYY-MM-DD'),
                                        'max', max_capacity, 'available', available_capacity, 'held', held,
                                        'dates_without_row', CASE WHEN held > 0 THEN next_day - day - has_row::int ELSE 0 END))
               FILTER (WHERE (has_row AND (available_capacity <> max_capacity - held OR available_capacity < 0))
                          OR (held > 0 AND next_day - day - has_row::int > 0))) AS bad
       FROM swept`
  )
  const { rows: capacityRows, live_holds: live, spanning, hold_dates: holdDates, drift, negative, uncovered, bad } = rows[0]
  const ok = drift === 0 && negative === 0 && uncovered === 0
  const examples = (bad ?? []).slice(0, 8)
  return {
    ok,
    counts: { rows: capacityRows, drift, negative, uncovered, liveHolds: live, spanning, holdDates: Number(holdDates) },
    detail:
      `${capacityRows} capacity rows: ${drift} with available ≠ max − held, ${negative} below 0, ${uncovered} occupied resource+dates without a row ` +
      `(${live} live holds, ${spanning} of them over several dates, ${Number(holdDates)} hold-dates counted)` +
      (ok ? "" : `; e.g. ${JSON.stringify(examples)}`),
    drift: examples,
  }
}

module.exports = { capacityInvariant }
