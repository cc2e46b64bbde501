/**
 * Prints one plain closing line, `jest: N passed, N failed, N skipped`, after a run,
 * so CI (which reads a runner's last line) sees the counts whatever reporter is on.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

module.exports = SummaryReporter;
