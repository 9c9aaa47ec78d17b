/**
 * Arguments of the HTTP benchmark:
 *
 *   --quick          small sizes (the defaults below in QUICK); given values still win
 *   duration=N       seconds per measurement (10; quick 2)
 *   connections=a,b  concurrencies (1,8,32; quick 1,8)
 *   holds=N          the hold table's size for the grown phase (1000000; quick 20000)
 *   carts=N          the cart table's size for the grown phase (100000; quick 2000)
 *   api-carts=N      carts created through POST /store/carts before the load (500; quick 100)
 *   warmup=N         requests of each HTTP kind before each phase, not measured (300; quick 100)
 *   health=N         sequential GET /admin/resource-booking/health requests timed per phase (20)
 *   bursts=N         lock hold bursts per kind (one date, seven dates) and phase (20; quick 4)
 *   burst-size=N     concurrent hold requests per burst, all on one resource (25)
 *
 * Throws on an unknown or malformed argument, naming it.
 */
const DEFAULTS = {
  duration: 10,
  connections: [1, 8, 32],
  holds: 1_000_000,
  carts: 100_000,
  "api-carts": 500,
  warmup: 300,
  health: 20,
  bursts: 20,
  "burst-size": 25,
}

const QUICK = {
  duration: 2,
  connections: [1, 8],
  holds: 20_000,
  carts: 2000,
  "api-carts": 100,
  warmup: 100,
  bursts: 4,
}

function positiveInteger(name, raw) {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`${name}=${raw}: expected a whole number of at least 1`)
  }
  return Number(raw)
}

/** The settings for `argv` (process.argv.slice(2)). */
function parseArgs(argv) {
  const quick = argv.includes("--quick")
  const settings = { ...DEFAULTS, ...(quick ? QUICK : {}), quick }
  for (const arg of argv) {
    if (arg === "--quick") continue
    const match = /^([a-z-]+)=(.*)$/.exec(arg)
    if (!match || !(match[1] in DEFAULTS)) {
      throw new Error(`Unknown argument "${arg}". Usage: node scripts/bench/http.js [--quick] ${Object.keys(DEFAULTS).map((k) => `[${k}=…]`).join(" ")}`)
    }
    const [, name, raw] = match
    settings[name] =
      name === "connections"
        ? raw.split(",").map((part) => positiveInteger(name, part.trim()))
        : positiveInteger(name, raw)
  }
  return settings
}

module.exports = { parseArgs, DEFAULTS, QUICK }
