/**
 * The cleanups of a script that starts processes, databases and temp folders of its own:
 * each set-up step pushes its undo onto `cleanups`; `cleanUp()` runs them at the run's end,
 * and SIGINT or SIGTERM runs them too, then exits with 130.
 */

/**
 * A fresh registry, with the SIGINT and SIGTERM handlers installed (once each).
 * `cleanUp()` runs every cleanup once, newest first, logging each failure as
 * "  cleanup: <message>" and going on; a second call (a signal during the run's end) waits
 * for the same. `wasInterrupted()` is true once a signal has come: the run's own exit
 * should then be 130 too.
 */
function createCleanupRegistry() {
  const cleanups = []
  let cleaning = null
  let interrupted = false

  function cleanUp() {
    cleaning ??= (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup()
        } catch (error) {
          console.log(`  cleanup: ${error.message}`)
        }
      }
    })()
    return cleaning
  }

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      interrupted = true
      console.log(`\n${signal}: cleaning up`)
      cleanUp().then(() => process.exit(130))
    })
  }

  return { cleanups, cleanUp, wasInterrupted: () => interrupted }
}

module.exports = { createCleanupRegistry }
