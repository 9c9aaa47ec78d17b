/**
 * Advisory lock keys are `hashtextextended('resource_booking:capacity:<resource_id>:<YYYY-MM-DD>', 0)`:
 * 64-bit, namespaced so no other user of advisory locks collides with them in practice.
 * Everything that orders or takes keys builds them with this expression.
 */
export function lockKeySql(resourceIdSql: string, dateTextSql: string): string {
  return `hashtextextended('resource_booking:capacity:' || ${resourceIdSql} || ':' || ${dateTextSql}, 0)`
}
