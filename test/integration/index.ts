import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

type Report = (line: string) => void;

/** Writes each result line to the console (relayed by the test host) and, when named, to a results file for CI. */
function createReport(resultsFile: string | undefined): Report {
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, '');
  }
  return (line) => {
    console.log(line);
    if (resultsFile) fs.appendFileSync(resultsFile, `${line}\n`);
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Entry point the extension host calls (extensionTestsPath): runs the *.test.js files in this folder in mocha and
 * rejects when any test failed, which the test host turns into a non-zero exit code.
 */
export async function run(): Promise<void> {
  const report = createReport(process.env.TRAIN_STUDIO_TEST_RESULTS);
  // The base reporter prints nothing, so the console carries only the ok/not ok lines written below.
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: Mocha.reporters.Base });
  // TRAIN_STUDIO_TEST_GREP runs only the matching tests, while working on one area.
  const grep = process.env.TRAIN_STUDIO_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Sorted, so suites run in one fixed order everywhere: the activation suite must see the extension inactive.
  // With CS_WORKSPACE_TRUST=untrusted (run.ts's second pass, the folder in Restricted Mode) only the
  // `*.untrusted.test.js` suites run, and only then.
  const untrusted = process.env.CS_WORKSPACE_TRUST === 'untrusted';
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js') && file.endsWith('.untrusted.test.js') === untrusted);
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));

  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    mocha
      .run(() => {
        resolve();
      })
      .on('pass', (test) => {
        passed++;
        report(`ok - ${test.fullTitle()} (${test.duration ?? 0}ms)`);
      })
      .on('fail', (test, error) => {
        failed++;
        report(`not ok - ${test.fullTitle()}: ${describeError(error)}`);
      });
  });
  report(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
