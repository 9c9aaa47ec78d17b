/**
 * The Admin screens in headless Chromium (Debian's /usr/bin/chromium through playwright-core),
 * against what seed.js put in. Finds things by the words of
 * docs/resource-booking/ADMIN_UI_CONTRACT.md ("Resource booking", "Active holds", "Set capacity",
 * "Release", "Run cleanup now", …), waits for text rather than sleeping, and checks every
 * figure the screens show against the seed and the API. A screenshot of each screen (and of
 * the page at a failure) goes to the screenshots folder; the browser's console errors and
 * failed resource-booking requests to logs/browser.log there.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { chromium } = require("playwright-core")
const { expectStatus } = require("../lib/http")

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
