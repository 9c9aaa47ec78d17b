/**
 * The Admin screens in headless Chromium (Debian's /usr/bin/chromium through playwright-core),
 * against what seed.js put in. Finds things by the words of
 * docs/resource-booking/ADMIN.md ("Resource booking", "Active holds", "Set capacity",
 * "Release", "Run cleanup now", "Turnaround", "Sold by", "Start times", …), waits for text rather than sleeping, and checks every
 * figure the screens show against the seed and the API. A screenshot of each screen (and of
 * the page at a failure) goes to the screenshots folder; the browser's console errors and
 * failed resource-booking requests to logs/browser.log there.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { chromium } = require("playwright-core")
const { expectStatus } = require("../lib/http")
const { createCart } = require("../lib/store-setup")
const { addDays } = require("../lib/calendar")

const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium"
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
/** The first Admin page loads a few MB of JavaScript; later waits are for data. */
const FIRST_LOAD_MS = 90_000
const WAIT_MS = 20_000

/** The resource form's booking-rule inputs, by label, and what the test saves through them. */
const RULE_INPUTS = {
  timezone: "Time zone",
  min_days: "Minimum days",
  max_days: "Maximum days",
  turnaround_days: "Turnaround days",
  cutoff_minutes: "Cut-off (minutes)",
  horizon_days: "Horizon (days)",
}
const CABIN_RULES = { timezone: "Europe/Berlin", min_days: 2, max_days: 7, turnaround_days: 1, cutoff_minutes: 60, horizon_days: 120 }
const BAD_TIMEZONE = "Mars/Olympus_Mons"

/** The departure resource's weekly schedule: set through "Set capacity", on Monday … Friday of one week. */
const FERRY_TIMES_TYPED = "08:00, 15:30"
const FERRY_TIMES = ["08:00", "15:30"]
const FERRY_SEATS = 8
const FERRY_MINIMUM = 2
const WEEKDAY_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
/** The departure booked through the store (Tuesday of the week) and its seats. */
const FERRY_BOOKED = { weekday: 2, start_time: "15:30", quantity: 3 }

const STAT_LABELS = { active: "Active holds", overdue: "Overdue holds", confirmed: "Confirmed holds", utilization: "Utilization" }

async function runBrowser({ baseUrl, admin, seeded: s, screenshots, check, cleanups }) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set E2E_CHROMIUM`)
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-e2e-chromium-"))
  cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true }))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
    locale: "en-US",
  })
  cleanups.push(() => context.close())
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(WAIT_MS)

  const browserLog = path.join(screenshots, "logs", "browser.log")
  const logLine = (line) => fs.appendFileSync(browserLog, `${new Date().toISOString()} ${line}\n`)
  page.on("console", (message) => message.type() === "error" && logLine(`console.error: ${message.text()}`))
  page.on("pageerror", (error) => logLine(`page error: ${error.message}`))
  page.on("response", (response) => {
    if (response.status() >= 400 && response.url().includes("/resource-booking")) {
      logLine(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`)
    }
  })

  let shots = 0
  const screenshot = async (name) => {
    const file = path.join(screenshots, `${String(++shots).padStart(2, "0")}-${name}.png`)
    await page.screenshot({ path: file, fullPage: true })
    return path.basename(file)
  }
  /** A check that leaves a screenshot of the page when it fails. */
  const ui = (name, fn) =>
    check(name, async () => {
      try {
        return await fn()
      } catch (error) {
        const file = await screenshot("FAILED").catch(() => null)
        throw new Error(`${error.message}${file ? `\n(page at the failure: ${file}, URL ${page.url()})` : ""}`)
      }
    })

  const api = s.api
  const H = s.holds

  await ui("log in through the Admin's login form; the sidebar shows \"Resource booking\"", async () => {
    await page.goto(`${baseUrl}/app/login`)
    await page.locator('input[name="email"]').fill(admin.email, { timeout: FIRST_LOAD_MS })
    await page.locator('input[name="password"]').fill(admin.password)
    await page.locator('button[type="submit"]').click()
    // Only a logged-in Admin has the sidebar; the URL alone can leave /login before it bounces back.
    await sidebarLink(page).waitFor({ timeout: FIRST_LOAD_MS })
    return `logged in as ${admin.email} (${await screenshot("logged-in")})`
  })

  await ui("\"Resource booking\" in the sidebar opens the overview at /app/resource-booking", async () => {
    await sidebarLink(page).click()
    await page.waitForURL(/\/app\/resource-booking\/?$/)
    await page.getByText(STAT_LABELS.active, { exact: true }).first().waitFor()
    return page.url().replace(baseUrl, "")
  })

  await ui(`overview: status "${s.expected.status}" and the stat cards show the seeded figures`, async () => {
    const shown = await waitForStats(page, s.expected)
    await page.getByText(s.expected.status, { exact: true }).first().waitFor()
    return `${describeStats(shown)}, badge "${s.expected.status}" (${await screenshot("overview")})`
  })

  await ui("\"Resources\" from the overview: /app/resource-booking/resources lists the seeded resource", async () => {
    await page.getByRole("link", { name: "Resources", exact: true }).first().click()
    await page.waitForURL(/\/app\/resource-booking\/resources\/?$/)
    await page.getByText(s.resourceName, { exact: true }).first().waitFor()
    return await screenshot("resources")
  })

  await ui("a row opens the resource's page", async () => {
    await page.getByText(s.resourceName, { exact: true }).first().click()
    await page.waitForURL(new RegExp(`/app/resource-booking/resources/${s.resourceId}$`))
    await page.getByRole("heading", { name: s.resourceName }).first().waitFor()
    await page.getByRole("button", { name: "Set capacity", exact: true }).waitFor()
    await showMonthOf(page, s.dates[0])
    return `${page.url().replace(baseUrl, "")} (${await screenshot("resource")})`
  })

  const fullDate = s.dates[0] // H1 holds 2 of its 5 units
  await ui(`"Set capacity" shows the API's refusal as it is (${fullDate}: 1 unit, 2 are held)`, async () => {
    const refusal = await api.post(
      `/admin/resource-booking/resources/${s.resourceId}/capacity`,
      { from: fullDate, to: fullDate, max_capacity: 1 },
      { headers: s.admin }
    )
    if (refusal.status !== 400 || !refusal.body?.message) {
      throw new Error(`the API itself answered ${refusal.status} ${JSON.stringify(refusal.body)} for 1 unit below 2 held`)
    }
    await setCapacity(page, { from: fullDate, to: fullDate, max: 1 })
    await page.getByText(refusal.body.message).first().waitFor()
    await closeCapacityForm(page)
    return `"${refusal.body.message}"`
  })

  await ui(`"Set capacity" ${fullDate} to 2 units: the calendar marks the date "Full with holds"`, async () => {
    const marks = page.getByText("Full with holds", { exact: true })
    const before = await marks.count()
    await setCapacity(page, { from: fullDate, to: fullDate, max: 2 })
    await expectEventually(() => marks.count(), (n) => n === before + 1, `"Full with holds" shown ${before + 1} times`)
    const capacity = await calendarDay(s, fullDate)
    if (capacity && (capacity.max_capacity !== 2 || capacity.state !== "full_with_holds")) {
      throw new Error(`the calendar API says ${JSON.stringify(capacity)}`)
    }
    return `"Full with holds" ${before} → ${before + 1} times on the page${capacity ? `; API: ${capacity.state}, max ${capacity.max_capacity}, held ${capacity.held}` : ""} (${await screenshot("resource-capacity-set")})`
  })

  await ui("holds table at /app/resource-booking/holds lists the seeded holds", async () => {
    await page.goto(`${baseUrl}/app/resource-booking/holds`)
    await holdRow(page, H.H2.id).waitFor({ timeout: FIRST_LOAD_MS })
    return await screenshot("holds")
  })

  await ui("row action \"Release\" on H2, confirmed in the prompt: the hold is RELEASED", async () => {
    await rowAction(page, holdRow(page, H.H2.id), "Release")
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    await dialog.getByRole("button").filter({ hasNotText: /cancel/i }).last().click()
    await dialog.waitFor({ state: "hidden" })
    await expectEventually(async () => (await s.hold("H2"))?.status, (status) => status === "RELEASED", "H2 RELEASED in the API")
    await holdRow(page, H.H2.id).getByText(/released/i).first().waitFor()
    return `${H.H2.id} RELEASED (${await screenshot("holds-after-release")})`
  })

  await ui("\"Run cleanup now\" on the overview: \"Overdue holds\" drops to 0", async () => {
    await page.goto(`${baseUrl}/app/resource-booking`)
    const before = { ...s.expected, active: s.expected.active - 1 } // H2 released
    await waitForStats(page, { active: before.active, overdue: before.overdue, confirmed: before.confirmed })
    await page.getByRole("button", { name: "Run cleanup now" }).click()
    const after = { active: before.active - before.overdue, overdue: 0, confirmed: before.confirmed }
    const shown = await waitForStats(page, after)
    const health = await s.health()
    for (const key of ["H3", "H4"]) {
      const status = (await s.hold(key))?.status
      if (status !== "EXPIRED") throw new Error(`${key} is ${status} after the cleanup, expected EXPIRED`)
    }
    await waitForStats(page, { utilization: health.capacity.utilization_percent })
    await page.getByText(health.status, { exact: true }).first().waitFor()
    await page.getByText("Recent cleanup runs", { exact: true }).first().waitFor()
    await page.getByRole("row").filter({ hasText: "manual" }).filter({ hasText: "succeeded" }).first().waitFor()
    return (
      `${describeStats(shown)}, utilization ${health.capacity.utilization_percent}%, badge "${health.status}"; ` +
      `H3, H4 EXPIRED; "Recent cleanup runs" lists the manual run (${await screenshot("overview-after-cleanup")})`
    )
  })

  await checkRanges({ baseUrl, page, s, ui, screenshot })
  await checkDepartures({ baseUrl, page, s, ui, screenshot })
}

/**
 * The multi-date part, last because it moves the overview's figures: the resource form's
 * booking rules on the cabin, then a range booked through the store route, seen on the
 * calendar on every date it occupies (D1..D3 booked, D4 turnaround), in the date's hold list
 * and in the holds table.
 */
async function checkRanges({ baseUrl, page, s, ui, screenshot }) {
  const api = s.api
  const [from, middle, to, turnaroundDate] = s.dates
  const cabinUrl = `${baseUrl}/app/resource-booking/resources/${s.cabinId}`

  await ui(`the resource form's booking rules: "${BAD_TIMEZONE}" is refused with the API's message as it is`, async () => {
    // The body the form sends: the cabin's current (default) rules, the time zone replaced.
    const body = { name: s.cabinName, description: s.cabinDescription, is_active: true, ...s.defaultRules, timezone: BAD_TIMEZONE }
    const refusal = await api.post(`/admin/resource-booking/resources/${s.cabinId}`, body, { headers: s.admin })
    if (refusal.status !== 400 || !refusal.body?.message) {
      throw new Error(`the API itself answered ${refusal.status} ${JSON.stringify(refusal.body)} for time zone ${BAD_TIMEZONE}`)
    }
    await page.goto(cabinUrl)
    await page.getByRole("heading", { name: s.cabinName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    const form = await openResourceForm(page)
    for (const label of Object.values(RULE_INPUTS)) {
      await form.getByLabel(label, { exact: true }).waitFor()
    }
    await form.getByLabel(RULE_INPUTS.timezone, { exact: true }).fill(BAD_TIMEZONE)
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.getByText(refusal.body.message, { exact: true }).first().waitFor()
    return `fields ${Object.values(RULE_INPUTS).map((l) => `"${l}"`).join(", ")}; refusal "${refusal.body.message}" (${await screenshot("resource-form-refused")})`
  })

  await ui(`the resource form saves the cabin's rules ${JSON.stringify(CABIN_RULES)}`, async () => {
    const form = await openResourceForm(page)
    for (const [key, label] of Object.entries(RULE_INPUTS)) {
      await form.getByLabel(label, { exact: true }).fill(String(CABIN_RULES[key]))
    }
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.waitFor({ state: "hidden" })
    const { resource } = expectStatus(
      await api.get(`/admin/resource-booking/resources/${s.cabinId}`, { headers: s.admin }),
      200,
      "GET /admin/resource-booking/resources/:id"
    )
    const saved = Object.fromEntries(Object.keys(CABIN_RULES).map((key) => [key, resource[key]]))
    if (JSON.stringify(saved) !== JSON.stringify(CABIN_RULES)) throw new Error(`the API has ${JSON.stringify(saved)}`)
    await page.locator('[data-rule="Turnaround"]').getByText("1 day", { exact: true }).waitFor()
    await page.locator('[data-rule="Time zone"]').getByText(CABIN_RULES.timezone, { exact: true }).waitFor()
    return `API: ${JSON.stringify(saved)}; the header shows them`
  })

  await ui(`a range through POST /store/resource-booking/holds (from ${from} to ${to}): 3 days booked, ${turnaroundDate} turnaround`, async () => {
    expectStatus(
      await api.post(`/admin/resource-booking/resources/${s.cabinId}/capacity`, { from, to: turnaroundDate, max_capacity: 2 }, { headers: s.admin }),
      200,
      "POST /admin/resource-booking/resources/:id/capacity"
    )
    const cart = await createCart(api, s, "range@e2e.local")
    const hold = expectStatus(
      await api.post("/store/resource-booking/holds", { resource_id: s.cabinId, quantity: 1, cart_id: cart.id, from, to }, { headers: s.store }),
      201,
      "POST /store/resource-booking/holds (from, to)"
    ).hold
    const dates = { date: hold.date, end_date: hold.end_date, days: hold.days, occupied_to: hold.occupied_to }
    const expected = { date: from, end_date: to, days: 3, occupied_to: turnaroundDate }
    if (JSON.stringify(dates) !== JSON.stringify(expected)) throw new Error(`hold ${JSON.stringify(dates)}, expected ${JSON.stringify(expected)}`)
    const days = await calendarDays(s, s.cabinId, from, turnaroundDate)
    const seen = days.map((d) => `${d.date} held ${d.held} turnaround ${d.turnaround}`)
    const want = s.dates.map((date) => `${date} held 1 turnaround ${date === turnaroundDate ? 1 : 0}`)
    if (seen.join("; ") !== want.join("; ")) throw new Error(`calendar API: ${seen.join("; ")}; expected ${want.join("; ")}`)
    s.rangeHold = hold
    return `${hold.id}: ${JSON.stringify(dates)}; calendar API ${seen.join("; ")}`
  })

  await ui(`the calendar shows the range on ${from} … ${to} and "incl. 1 turnaround" on ${turnaroundDate}`, async () => {
    await page.goto(cabinUrl)
    await page.getByRole("heading", { name: s.cabinName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    await showMonthOf(page, from)
    for (const date of s.dates) {
      const cell = page.locator(`[data-date="${date}"]`)
      await expectEventually(() => cell.getAttribute("data-held"), (held) => held === "1", `${date} shows 1 held`)
      const markers = cell.getByTestId("turnaround-marker")
      if (date === turnaroundDate) {
        await markers.getByText("incl. 1 turnaround", { exact: true }).waitFor()
      } else if (await markers.count()) {
        throw new Error(`${date} is booked, yet marked as turnaround`)
      }
    }
    await page.getByLabel("Calendar legend").getByText("Turnaround", { exact: true }).waitFor()
    return `held 1 on ${s.dates.join(", ")}; turnaround marker on ${turnaroundDate} only; legend "Turnaround" (${await screenshot("resource-range")})`
  })

  const span = `${from} → ${to} (3 days)`
  for (const [date, occupation] of [
    [turnaroundDate, "turnaround"],
    [middle, "booked"],
  ]) {
    await ui(`opening ${date} lists the range hold, "${span}", as ${occupation} on that date`, async () => {
      await page.locator(`[data-date="${date}"]`).click()
      const dialog = page.getByRole("dialog")
      await dialog.waitFor()
      const row = dialog.locator(`[data-hold-id="${s.rangeHold.id}"]`)
      await row.getByText(span, { exact: false }).waitFor()
      await row.getByText(occupation === "turnaround" ? "Turnaround" : "Booked", { exact: true }).waitFor()
      const marked = await row.getAttribute("data-occupation")
      if (marked !== occupation) throw new Error(`marked ${marked}`)
      await dialog.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((a) => a.finished)))
      const file = await screenshot(`day-${occupation}`)
      await page.keyboard.press("Escape")
      await dialog.waitFor({ state: "hidden" })
      return file
    })
  }

  await ui(`the cabin's holds table shows the range hold as "${span}"`, async () => {
    const row = holdRow(page, s.rangeHold.id)
    await row.getByText(span, { exact: true }).waitFor()
    await row.getByText(`Turnaround to ${turnaroundDate}`, { exact: true }).waitFor()
    return `"${span}", "Turnaround to ${turnaroundDate}"`
  })
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
function isoWeekday(date) {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1
}

/**
 * The departure part, last (it adds capacity the overview counts): on the departure resource
 * "E2E Harbour ferry", the resource form's "Sold by" and "Minimum to run"; "Set capacity" as a
 * weekly schedule (start times "08:00, 15:30", Monday … Friday of the first whole week from
 * today + 2), its live count and the API's refusal shown as it is; one departure booked with
 * the linked variant through POST /store/resource-booking/carts/:id/bookings, then seen on the
 * calendar (its seats left), in its date's drawer (its section and hold) and in the holds table;
 * then filled through POST /store/resource-booking/holds ("Full with holds"), another departure
 * marked below its minimum by SQL ("Below minimum"); last, "Sold by" refused once the resource
 * has capacity, with the API's message.
 */
async function checkDepartures({ baseUrl, page, s, ui, screenshot }) {
  const api = s.api
  const ferryUrl = `${baseUrl}/app/resource-booking/resources/${s.ferryId}`
  let monday = addDays(s.today, 2)
  while (isoWeekday(monday) !== 1) monday = addDays(monday, 1)
  const week = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(monday, n))
  const [from, to] = [week[0], week[6]]
  const weekdays = [1, 2, 3, 4, 5]
  const scheduled = week.filter((date) => weekdays.includes(isoWeekday(date)))
  const bookedDate = week[FERRY_BOOKED.weekday - 1]
  const count = `This creates ${scheduled.length * FERRY_TIMES.length} departures (${scheduled.length} dates × ${FERRY_TIMES.length} start times)`
  const readFerry = async () =>
    expectStatus(await api.get(`/admin/resource-booking/resources/${s.ferryId}`, { headers: s.admin }), 200, "GET /admin/resource-booking/resources/:id")
      .resource

  await ui(`departure resource: the form shows "Sold by" Departure and saves "Minimum to run" ${FERRY_MINIMUM}`, async () => {
    await page.goto(ferryUrl)
    await page.getByRole("heading", { name: s.ferryName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    await page.locator('[data-rule="Sold by"]').getByText("Departure", { exact: true }).waitFor()
    const form = await openResourceForm(page)
    await form.getByLabel("Sold by", { exact: true }).getByText("Departure", { exact: true }).waitFor()
    await form.getByLabel("Minimum to run", { exact: true }).fill(String(FERRY_MINIMUM))
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.waitFor({ state: "hidden" })
    const resource = await readFerry()
    if (resource.booking_unit !== "departure" || resource.min_quantity !== FERRY_MINIMUM) {
      throw new Error(`the API has booking_unit ${JSON.stringify(resource.booking_unit)}, min_quantity ${JSON.stringify(resource.min_quantity)}`)
    }
    const shown = `${FERRY_MINIMUM} confirmed per departure`
    await page.locator('[data-rule="Minimum to run"]').getByText(shown, { exact: true }).waitFor()
    return `API: booking_unit "departure", min_quantity ${resource.min_quantity}; header "Sold by" Departure, "Minimum to run" "${shown}"`
  })

  const badTimes = "8:00, 15:30"
  await ui(`"Set capacity" (departures) shows the API's refusal of start times "${badTimes}" as it is`, async () => {
    // The body the form sends for it: the times split and trimmed, as typed.
    const body = { from, to, max_capacity: FERRY_SEATS, start_times: ["8:00", "15:30"], weekdays }
    const refusal = await api.post(`/admin/resource-booking/resources/${s.ferryId}/capacity`, body, { headers: s.admin })
    if (refusal.status !== 400 || !refusal.body?.message) {
      throw new Error(`the API itself answered ${refusal.status} ${JSON.stringify(refusal.body)} for ${JSON.stringify(body)}`)
    }
    await showMonthOf(page, bookedDate)
    const form = await fillSchedule(page, { from, to, max: FERRY_SEATS, times: badTimes, weekdays })
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.getByText(refusal.body.message, { exact: true }).first().waitFor()
    await closeCapacityForm(page)
    return `"${refusal.body.message}"`
  })

  await ui(`"Set capacity" with start times "${FERRY_TIMES_TYPED}" on Mon–Fri of ${from} … ${to}: "${count}" before saving`, async () => {
    const form = await fillSchedule(page, { from, to, max: FERRY_SEATS, times: FERRY_TIMES_TYPED, weekdays: [1, 2, 3, 4, 5, 6, 7] })
    const line = form.getByTestId("departure-count")
    const everyDay = `This creates ${week.length * FERRY_TIMES.length} departures (${week.length} dates × ${FERRY_TIMES.length} start times)`
    await line.getByText(everyDay, { exact: true }).waitFor()
    for (const day of [6, 7]) await form.getByLabel(WEEKDAY_LABELS[day - 1], { exact: true }).uncheck()
    await line.getByText(count, { exact: true }).waitFor()
    const file = await screenshot("set-capacity-departures")
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.waitFor({ state: "hidden" })
    const days = await calendarDays(s, s.ferryId, from, to)
    const seen = days.map((day) => `${day.date} ${(day.departures || []).map((d) => `${d.start_time}×${d.max_capacity}`).join(",") || "none"}`)
    const want = week.map((date) => `${date} ${scheduled.includes(date) ? FERRY_TIMES.map((t) => `${t}×${FERRY_SEATS}`).join(",") : "none"}`)
    if (seen.join("; ") !== want.join("; ")) throw new Error(`calendar API: ${seen.join("; ")}; expected ${want.join("; ")}`)
    return `"${everyDay}" with every weekday, "${count}" with Sat and Sun unchecked (${file}); calendar API ${seen.join("; ")}`
  })

  await ui(`departure ${bookedDate} ${FERRY_BOOKED.start_time} booked through POST /store/resource-booking/carts/:id/bookings (${FERRY_BOOKED.quantity} seats)`, async () => {
    const cart = await createCart(api, s, "ferry@e2e.local")
    const body = { variant_id: s.ferryVariantId, quantity: FERRY_BOOKED.quantity, date: bookedDate, start_time: FERRY_BOOKED.start_time }
    const { hold } = expectStatus(
      await api.post(`/store/resource-booking/carts/${cart.id}/bookings`, body, { headers: s.store }),
      200,
      `POST /store/resource-booking/carts/:id/bookings ${JSON.stringify(body)}`
    )
    if (hold.date !== bookedDate || hold.start_time !== FERRY_BOOKED.start_time || hold.quantity !== FERRY_BOOKED.quantity) {
      throw new Error(`hold ${JSON.stringify(hold)}`)
    }
    const [day] = await calendarDays(s, s.ferryId, bookedDate, bookedDate)
    const departure = (day.departures || []).find((d) => d.start_time === FERRY_BOOKED.start_time)
    if (!departure || departure.held !== FERRY_BOOKED.quantity || departure.available_capacity !== FERRY_SEATS - FERRY_BOOKED.quantity) {
      throw new Error(`calendar API departure ${JSON.stringify(departure)}`)
    }
    s.ferryHold = hold
    return `${hold.id}: ${hold.date} ${hold.start_time} × ${hold.quantity}; calendar API held ${departure.held}, available ${departure.available_capacity}, state ${departure.state}`
  })

  const left = FERRY_SEATS - FERRY_BOOKED.quantity
  await ui(`after a reload the calendar shows ${bookedDate} ${FERRY_BOOKED.start_time} with ${left} left, the other departures with ${FERRY_SEATS}`, async () => {
    await page.reload()
    await page.getByRole("heading", { name: s.ferryName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    await showMonthOf(page, bookedDate)
    const onScreen = week.filter((date) => date.slice(0, 7) === bookedDate.slice(0, 7))
    const seen = []
    for (const date of onScreen) {
      const cell = page.locator(`[data-date="${date}"]`)
      if (!scheduled.includes(date)) {
        await cell.getByText("No capacity", { exact: true }).waitFor()
        if (await cell.locator("[data-start-time]").count()) throw new Error(`${date} is not scheduled, yet lists departures`)
        seen.push(`${date} none`)
        continue
      }
      for (const time of FERRY_TIMES) {
        const booked = date === bookedDate && time === FERRY_BOOKED.start_time
        const expected = booked ? left : FERRY_SEATS
        const line = cell.locator(`[data-start-time="${time}"]`)
        await expectEventually(() => line.getAttribute("data-available"), (value) => value === String(expected), `${date} ${time} data-available ${expected}`)
        const state = await line.getAttribute("data-departure-state")
        if (state !== "open") throw new Error(`${date} ${time} data-departure-state ${state}`)
        if (booked) {
          const held = await line.getAttribute("data-held")
          if (held !== String(FERRY_BOOKED.quantity)) throw new Error(`${date} ${time} data-held ${held}`)
          await line.getByText(`${time} · ${left} left`, { exact: true }).waitFor()
        }
      }
      seen.push(`${date} ${FERRY_TIMES.join(",")}`)
    }
    await page.getByLabel("Calendar legend").getByText("Below minimum", { exact: true }).waitFor()
    return `${seen.join("; ")}; ${bookedDate} ${FERRY_BOOKED.start_time}: data-available ${left}, data-held ${FERRY_BOOKED.quantity}, "${FERRY_BOOKED.start_time} · ${left} left" (${await screenshot("resource-departures")})`
  })

  await ui(`opening ${bookedDate} lists its departures, ${FERRY_BOOKED.start_time} with the hold "${bookedDate} ${FERRY_BOOKED.start_time}"`, async () => {
    await page.locator(`[data-date="${bookedDate}"]`).click()
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    const booked = dialog.locator(`section[data-start-time="${FERRY_BOOKED.start_time}"]`)
    const row = booked.locator(`[data-hold-id="${s.ferryHold.id}"]`)
    await row.getByText(`${bookedDate} ${FERRY_BOOKED.start_time} · ${FERRY_BOOKED.quantity} unit(s)`, { exact: true }).waitFor()
    const figures = {}
    for (const figure of ["max", "held", "available"]) figures[figure] = await booked.locator(`[data-figure="${figure}"]`).innerText()
    const want = { max: String(FERRY_SEATS), held: String(FERRY_BOOKED.quantity), available: String(left) }
    if (JSON.stringify(figures) !== JSON.stringify(want)) throw new Error(`section ${FERRY_BOOKED.start_time} figures ${JSON.stringify(figures)}, expected ${JSON.stringify(want)}`)
    const others = FERRY_TIMES.filter((time) => time !== FERRY_BOOKED.start_time)
    for (const time of others) {
      const section = dialog.locator(`section[data-start-time="${time}"]`)
      await section.getByText("No holds on this departure.", { exact: true }).waitFor()
      if (await section.locator("[data-hold-id]").count()) throw new Error(`departure ${time} lists a hold`)
    }
    await dialog.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((a) => a.finished)))
    const file = await screenshot("day-departures")
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "hidden" })
    return `section ${FERRY_BOOKED.start_time}: ${JSON.stringify(figures)} and hold ${s.ferryHold.id}; ${others.join(", ")}: "No holds on this departure." (${file})`
  })

  await ui(`the ferry's holds table shows the departure hold as "${bookedDate} ${FERRY_BOOKED.start_time}"`, async () => {
    await holdRow(page, s.ferryHold.id).getByText(`${bookedDate} ${FERRY_BOOKED.start_time}`, { exact: true }).waitFor()
    return `"${bookedDate} ${FERRY_BOOKED.start_time}"`
  })

  await ui(`${bookedDate} ${FERRY_BOOKED.start_time} filled through POST /store/resource-booking/holds (start_time): its line reads "Full with holds"`, async () => {
    const cart = await createCart(api, s, "ferry-full@e2e.local")
    const body = { resource_id: s.ferryId, cart_id: cart.id, quantity: left, date: bookedDate, start_time: FERRY_BOOKED.start_time }
    const { hold } = expectStatus(
      await api.post("/store/resource-booking/holds", body, { headers: s.store }),
      201,
      `POST /store/resource-booking/holds ${JSON.stringify(body)}`
    )
    if (hold.start_time !== FERRY_BOOKED.start_time) throw new Error(`hold ${JSON.stringify(hold)}`)
    await page.reload()
    await page.getByRole("heading", { name: s.ferryName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    await showMonthOf(page, bookedDate)
    const line = page.locator(`[data-date="${bookedDate}"] [data-start-time="${FERRY_BOOKED.start_time}"]`)
    await expectEventually(() => line.getAttribute("data-departure-state"), (state) => state === "full_with_holds", `${bookedDate} ${FERRY_BOOKED.start_time} full_with_holds`)
    await line.getByText("Full with holds", { exact: true }).waitFor()
    await line.getByText(`${FERRY_BOOKED.start_time} · 0 left`, { exact: true }).waitFor()
    const other = await page.locator(`[data-date="${bookedDate}"] [data-start-time="08:00"]`).getAttribute("data-departure-state")
    if (other !== "open") throw new Error(`${bookedDate} 08:00 is ${other}`)
    return `${hold.id} × ${hold.quantity}; "${FERRY_BOOKED.start_time} · 0 left" "Full with holds" (data-departure-state full_with_holds), 08:00 open`
  })

  const shortDate = scheduled.find((date) => date !== bookedDate && date.slice(0, 7) === bookedDate.slice(0, 7))
  await ui(`a departure below its minimum (SQL: below_minimum_at set, as the cleanup does past the cut-off) reads "Below minimum" in its cell and drawer`, async () => {
    const { rowCount } = await s.db.query(
      `UPDATE resource_capacity SET below_minimum_at = now() WHERE resource_id = $1 AND date = $2::date AND start_time = '08:00' AND deleted_at IS NULL`,
      [s.ferryId, shortDate]
    )
    if (rowCount !== 1) throw new Error(`${rowCount} rows updated, expected 1`)
    const [day] = await calendarDays(s, s.ferryId, shortDate, shortDate)
    const states = day.departures.map((d) => `${d.start_time} ${d.state}`).join(", ")
    if (states !== "08:00 below_minimum, 15:30 open") throw new Error(`calendar API ${shortDate}: ${states}`)
    await page.reload()
    await page.getByRole("heading", { name: s.ferryName }).first().waitFor({ timeout: FIRST_LOAD_MS })
    await showMonthOf(page, bookedDate)
    const cell = page.locator(`[data-date="${shortDate}"]`)
    const line = cell.locator('[data-start-time="08:00"]')
    await expectEventually(() => line.getAttribute("data-departure-state"), (state) => state === "below_minimum", `${shortDate} 08:00 below_minimum`)
    await line.getByText("Below minimum", { exact: true }).waitFor()
    const file = await screenshot("resource-departure-states")
    await cell.click()
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    const section = dialog.locator('section[data-start-time="08:00"]')
    await section.getByText("Below minimum", { exact: true }).waitFor()
    await section.getByText(/^Below the minimum to run since /).waitFor()
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "hidden" })
    return `calendar API ${shortDate}: ${states}; cell and drawer section "Below minimum" (${file})`
  })

  await ui(`"Sold by" Date on the ferry, which now has capacity, is refused with the API's message as it is`, async () => {
    const resource = await readFerry()
    // The body the form sends for it: the resource's values, "Sold by" Date (min_quantity then left out).
    const body = { name: resource.name, description: resource.description, is_active: resource.is_active }
    for (const key of Object.keys(s.defaultRules)) body[key] = resource[key]
    body.booking_unit = "date"
    const refusal = await api.post(`/admin/resource-booking/resources/${s.ferryId}`, body, { headers: s.admin })
    if (refusal.status !== 400 || !refusal.body?.message) {
      throw new Error(`the API itself answered ${refusal.status} ${JSON.stringify(refusal.body)} for ${JSON.stringify(body)}`)
    }
    const form = await openResourceForm(page)
    await form.getByLabel("Sold by", { exact: true }).click()
    await page.getByRole("option", { name: "Date", exact: true }).click()
    if (await form.getByLabel("Minimum to run", { exact: true }).count()) throw new Error('"Minimum to run" still shown for "Sold by" Date')
    await form.getByRole("button", { name: "Save", exact: true }).click()
    await form.getByText(refusal.body.message, { exact: true }).first().waitFor()
    const file = await screenshot("resource-form-unit-refused")
    await page.keyboard.press("Escape")
    await form.waitFor({ state: "hidden" })
    const after = await readFerry()
    if (after.booking_unit !== "departure") throw new Error(`booking_unit is now ${after.booking_unit}`)
    return `${refusal.status} "${refusal.body.message}" (${file})`
  })
}

/**
 * Opens "Set capacity" (the departure form) and fills from / to / max capacity, the start
 * times as typed and the weekdays to check (the others unchecked); returns the form.
 */
async function fillSchedule(page, { from, to, max, times, weekdays }) {
  const form = await capacityForm(page)
  await form.getByLabel("From", { exact: true }).fill(from)
  await form.getByLabel("To", { exact: true }).fill(to)
  await form.getByLabel("Start times", { exact: true }).fill(times)
  for (const [index, label] of WEEKDAY_LABELS.entries()) {
    await form.getByLabel(label, { exact: true }).setChecked(weekdays.includes(index + 1))
  }
  await form.getByLabel("Max capacity", { exact: true }).fill(String(max))
  return form
}

/** The resource page's "Edit" drawer (opened if it is not). */
async function openResourceForm(page) {
  const dialog = page.getByRole("dialog")
  if (!(await dialog.count())) {
    await page.getByRole("button", { name: "Edit", exact: true }).first().click()
    await dialog.first().waitFor()
  }
  return dialog.first()
}

function sidebarLink(page) {
  return page.getByRole("link", { name: "Resource booking", exact: true }).first()
}

/**
 * The figure a stat card shows: the first number in the card around the label (walking up
 * from the label until a number appears). Utilization in percent.
 */
async function readStats(page, keys) {
  const values = {}
  for (const key of keys) {
    const label = page.getByText(STAT_LABELS[key], { exact: true }).first()
    values[key] = await label.evaluate((element, text) => {
      let node = element
      for (let depth = 0; depth < 4 && node; depth++, node = node.parentElement) {
        const rest = (node.innerText || "").replace(text, " ")
        const match = rest.match(/-?\d+(?:[.,]\d+)?/)
        if (match) return Number(match[0].replace(",", "."))
      }
      return null
    }, STAT_LABELS[key])
  }
  return values
}

/** Waits until every card in `expected` shows its figure (percent to one decimal). */
async function waitForStats(page, expected, timeout = WAIT_MS) {
  const keys = Object.keys(expected).filter((key) => key in STAT_LABELS)
  const same = (key, value) =>
    key === "utilization" ? value !== null && Math.abs(value - expected[key]) <= 0.05 : value === expected[key]
  return expectEventually(
    () => readStats(page, keys),
    (shown) => keys.every((key) => same(key, shown[key])),
    `cards ${describeStats(expected)}`,
    timeout
  )
}

function describeStats(values) {
  return Object.entries(values)
    .filter(([key]) => key in STAT_LABELS)
    .map(([key, value]) => `"${STAT_LABELS[key]}" ${value}${key === "utilization" ? "%" : ""}`)
    .join(", ")
}

/** Polls `read` until `ok(value)`; on timeout throws with the last value seen. */
async function expectEventually(read, ok, what, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout
  let last
  let lastError
  while (Date.now() < deadline) {
    try {
      last = await read()
      lastError = undefined
      if (ok(last)) return last
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`expected ${what} within ${timeout / 1000} s; last seen: ${lastError ? lastError.message : JSON.stringify(last)}`)
}

/** The calendar route's day (null while the route does not exist: the UI check stands alone). */
async function calendarDay(s, date) {
  const response = await s.api.get(
    `/admin/resource-booking/resources/${s.resourceId}/calendar?from=${date}&to=${date}`,
    { headers: s.admin }
  )
  if (response.status === 404) return null
  return expectStatus(response, 200, "GET /admin/resource-booking/resources/:id/calendar").days[0]
}

/** The calendar route's days of a resource from..to. */
async function calendarDays(s, resourceId, from, to) {
  return expectStatus(
    await s.api.get(`/admin/resource-booking/resources/${resourceId}/calendar?from=${from}&to=${to}`, { headers: s.admin }),
    200,
    "GET /admin/resource-booking/resources/:id/calendar"
  ).days
}

/** Moves the calendar forward to the month of `date` (it opens on the current month). */
async function showMonthOf(page, date) {
  const now = new Date()
  const months = (Number(date.slice(0, 4)) - now.getFullYear()) * 12 + (Number(date.slice(5, 7)) - 1 - now.getMonth())
  for (let i = 0; i < months; i++) {
    await page.getByRole("button", { name: /next month/i }).first().click()
  }
}

/** Opens the "Set capacity" form if it is behind a button, fills from / to / max capacity, submits. */
async function setCapacity(page, { from, to, max }) {
  const form = await capacityForm(page)
  await form.getByLabel(/^from/i).fill(from)
  await form.getByLabel(/^to/i).fill(to)
  await form.getByLabel(/max/i).fill(String(max))
  await form.getByRole("button", { name: /^(save|set capacity|apply)$/i }).last().click()
}

async function capacityForm(page) {
  const dialog = page.getByRole("dialog")
  if (!(await dialog.count())) {
    await page.getByRole("button", { name: "Set capacity", exact: true }).first().click()
    await dialog.first().waitFor()
  }
  return dialog.first()
}

async function closeCapacityForm(page) {
  const dialog = page.getByRole("dialog")
  if (await dialog.count()) {
    await page.keyboard.press("Escape")
    await dialog.first().waitFor({ state: "hidden" })
  }
}

/** The holds table's row for a hold, found by the id's last characters (rows may show a short id). */
function holdRow(page, holdId) {
  return page.getByRole("row").filter({ hasText: holdId.slice(-6) }).first()
}

/** A row action: a button of that name in the row, or an item of the row's action menu. */
async function rowAction(page, row, name) {
  const direct = row.getByRole("button", { name, exact: true })
  if (await direct.count()) {
    await direct.first().click()
    return
  }
  await row.getByRole("button").last().click()
  await page.getByRole("menuitem", { name, exact: true }).click()
}

module.exports = { runBrowser }
