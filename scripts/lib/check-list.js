/**
 * Named checks for the scripts that prove the product end to end (check:plugin, test:e2e):
 * each check prints ✔ with what it saw, or ✘ with why, and a failed check stops the run
 * (later checks depend on it) by throwing CheckFailed, after it has been printed.
 */
class CheckFailed extends Error {}

function createCheckList() {
  const results = []
  const began = Date.now()
  const elapsed = () => ((Date.now() - began) / 1000).toFixed(1)

  return {
    results,
    elapsed,
    step(title) {
      console.log(`\n--- ${title} (${elapsed()} s)`)
    },
    async check(name, fn) {
      try {
        const detail = await fn()
        results.push({ name, ok: true })
        console.log(`  ✔ ${name}${detail ? ` — ${detail}` : ""}`)
      } catch (error) {
        results.push({ name, ok: false })
        console.log(`  ✘ ${name}\n      ${String(error.message).split("\n").join("\n      ")}`)
        throw new CheckFailed(name)
      }
    },
    /** Records an error that is not a check's (set-up), unless a check already reported it. */
    fail(error) {
      if (!(error instanceof CheckFailed)) {
        results.push({ name: "setup", ok: false })
        console.log(`\n✘ ${error.message}`)
      }
    },
    /** Prints the outcome line ("<label> passed: N checks…" or "<label> FAILED (n of N)…"); true when all passed. */
    report(label, { passed = "", failed = "" } = {}) {
      const failures = results.filter((result) => !result.ok)
      console.log(
        failures.length
          ? `\n${label} FAILED (${failures.length} of ${results.length}) after ${elapsed()} s${failed}`
          : `\n${label} passed: ${results.length} checks in ${elapsed()} s${passed}`
      )
      return failures.length === 0
    },
  }
}

module.exports = { createCheckList, CheckFailed }
