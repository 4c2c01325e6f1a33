/** Prints the run's closing count as one plain line ("jest: N passed, N failed, N skipped") for CI. */
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = results;
    const broken = results.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${passed} passed, ${failed + broken} failed, ${skipped + todo} skipped\n`);
  }
}
module.exports = ClosingLineReporter;
