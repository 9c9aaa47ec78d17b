/** Postgres OID of the `date` type. */
const DATE_OID = 1082

type PgModule = { types: { setTypeParser: (oid: number, parse: (value: string) => unknown) => void } }

/** Every copy of node-postgres that Medusa's shared connection may be using. */
function pgModules(): PgModule[] {
  const found = new Set<PgModule>()
  const tryLoad = (resolveFrom: () => string) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      found.add(require(resolveFrom()))
    } catch {
      // Not installed along this path: nothing to configure there.
    }
  }
  tryLoad(() => require.resolve("pg"))
  tryLoad(() => {
    const orm = require.resolve("@mikro-orm/postgresql", {
      paths: [require.resolve("@medusajs/framework/utils")],
    })
    const knex = require.resolve("knex", { paths: [orm] })
    return require.resolve("pg", { paths: [knex] })
  })
  return [...found]
}

/**
 * A Postgres `date` is a calendar day, but node-postgres turns it into a JS Date at local
 * midnight, which serialises as the previous day under any time zone west of UTC.
 * MikroORM's own connections return dates as strings; Medusa's shared knex connection
 * does not. This makes the driver return the `YYYY-MM-DD` text for every `date` column,
 * whatever the server's TZ. No table of Medusa's core has a `date` column.
 */
export function returnDatesAsStrings(): void {
  for (const pg of pgModules()) {
    pg.types.setTypeParser(DATE_OID, (value) => value)
  }
}
