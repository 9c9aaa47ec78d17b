/**
 * A database set-up problem the user can fix. Its message names the problem and what to
 * do; entry points print the message alone (no stack) and exit non-zero. Any other error
 * is a bug and keeps its stack.
 */
class DatabaseSetupError extends Error {
  constructor(message) {
    super(message)
    this.name = "DatabaseSetupError"
  }
}

/** Prints a DatabaseSetupError's message (other errors with their stack) and exits 1. */
function exitWithDatabaseSetupError(error) {
  console.error(error instanceof DatabaseSetupError ? error.message : error)
  process.exit(1)
}

module.exports = { DatabaseSetupError, exitWithDatabaseSetupError }
