/**
 * Advisory lock keys are `hashtextextended('resource_booking:capacity:<resource_id>:<YYYY-MM-DD>', 0)`
 * for a date, and `…:<YYYY-MM-DD>:<HH:MM>` for a departure (start time ""→ the date's key, so a
 * date resource's keys are what they always were): 64-bit, namespaced so no other user of
 * advisory locks collides with them in practice. Everything that orders or takes keys builds
 * them with this expression.
 */
export function lockKeySql(resourceIdSql: string, dateTextSql: string, startTimeSql: string): string {
  return (
    `hashtextextended('resource_booking:capacity:' || ${resourceIdSql} || ':' || ${dateTextSql}` +
    ` || CASE WHEN ${startTimeSql} = '' THEN '' ELSE ':' || ${startTimeSql} END, 0)`
  )
}
