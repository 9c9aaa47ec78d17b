/** Calendar days as the plugin stores them: `YYYY-MM-DD` strings, counted in UTC. */

/** `date` plus `days` days. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

module.exports = { addDays }
