/**
 * Figures of a race or abuse test, for docs/reliability.md: printed as one JSON line
 * (`FIGURES {...}`) when RELIABILITY_FIGURES is set, silent otherwise. The test's assertions
 * stay what decides pass or fail.
 */
export function reportFigures(scenario: string, figures: Record<string, unknown>): void {
  if (process.env.RELIABILITY_FIGURES) {
    process.stdout.write(`FIGURES ${JSON.stringify({ scenario, ...figures })}\n`)
  }
}
