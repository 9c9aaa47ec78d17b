/**
 * Planner statistics of the tables the benchmark grows. Autovacuum is switched off for them
 * in the scratch database, so their statistics change only when `takeStatistics` runs: the
 * grown phase then runs on statistics taken before the bulk growth, as a production database
 * does until autovacuum catches up with a bulk change.
 */
const TABLES = ["resource_hold", "resource_capacity", "cart"]

async function freezeStatistics(db) {
  for (const table of TABLES) {
    await db.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`)
  }
}

async function takeStatistics(db) {
  for (const table of TABLES) await db.query(`ANALYZE ${table}`)
}

/** Rows per table as the planner last saw them (pg_class.reltuples; -1: never analyzed) and as they are. */
async function statisticsAge(db) {
  const { rows } = await db.query(
    `SELECT c.relname AS table, c.reltuples::bigint AS planner_rows,
            (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::bigint AS rows
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r' ORDER BY c.relname`,
    [TABLES]
  )
  return rows.map((row) => ({ table: row.table, plannerRows: Number(row.planner_rows), rows: Number(row.rows) }))
}

module.exports = { freezeStatistics, takeStatistics, statisticsAge }
