/**
 * A cleanup schedule that will not fire while the suite runs: once, ten days from now.
 * (The in-memory scheduler uses setTimeout; a delay beyond ~24.8 days overflows it and fires
 * at once, so "once a year" would fire continuously.) Tests call the cleanup themselves.
 */
export function quietCleanupSchedule(now = new Date()): string {
  const later = new Date(now.getTime() + 10 * 24 * 60 * 60 * 1000)
  return `0 ${later.getHours()} ${later.getDate()} ${later.getMonth() + 1} *`
}
