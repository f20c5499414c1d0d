import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { ARTIFACTS_DIR, REPO_ROOT } from '../paths';
import { assertHostInstalled, CODE_SERVER_ENTRY, CS_RUN } from '../vscodeHost';
import { prepareWorkspace } from './workspaceFixture';

// Runs test/integration in the real extension host through @vscode/test-electron, with the code-server bridge
// (cs-run.mjs) standing in for the VS Code binary. Exit code: 0 all passed, 1 failures, 2 timeout or broken host.
const RESULTS_FILE = path.join(ARTIFACTS_DIR, 'integration-results.txt');
const SUMMARY = /^\d+ passed, \d+ failed$/;

/** 0 and 1 are the test runner's verdicts; anything else (timeout, crash, signal) means there is no verdict. */
function normalizeExitCode(code: number | undefined): number {
  return code === 0 || code === 1 ? code : 2;
}

async function runSuite(): Promise<number> {
  assertHostInstalled();
  // A results file left by an earlier run must never pass for this run's outcome.
  fs.rmSync(RESULTS_FILE, { force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-integration-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  prepareWorkspace(workspace);
  try {
    return await runTests({
      vscodeExecutablePath: CS_RUN,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
      extensionTestsEnv: {
        TRAIN_STUDIO_TEST_RESULTS: RESULTS_FILE,
        CODE_SERVER: CODE_SERVER_ENTRY,
        // Trainers the extension starts inherit it: downloads and image caches stay in this run's folder.
        TRAIN_STUDIO_CACHE: path.join(tmp, 'cache'),
        ...(process.env.TRAIN_STUDIO_TEST_GREP
          ? { TRAIN_STUDIO_TEST_GREP: process.env.TRAIN_STUDIO_TEST_GREP }
          : {}),
      },
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return normalizeExitCode(error.code);
    throw error;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function readSummary(): string | undefined {
  if (!fs.existsSync(RESULTS_FILE)) return undefined;
  return fs
    .readFileSync(RESULTS_FILE, 'utf8')
    .split('\n')
    .find((line) => SUMMARY.test(line));
}

async function main(): Promise<void> {
  const started = Date.now();
  let code = await runSuite().catch((error: unknown) => {
    console.error(
      `integration: could not run the tests: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = readSummary();
  if (code === 2) {
    console.error(
      `integration: no verdict after ${seconds}s: the run timed out or the test host failed, see the cs-run lines above (exit 2)`,
    );
  } else if (summary === undefined) {
    // Exit 0 without a summary would be a green run that tested nothing.
    console.error(
      `integration: the runner exited ${code} without writing results to ${RESULTS_FILE} (exit 2)`,
    );
    code = 2;
  } else {
    console.log(
      `integration: exit ${code} after ${seconds}s; results in ${path.relative(REPO_ROOT, RESULTS_FILE)}`,
    );
  }
  if (summary !== undefined) console.log(summary);
  process.exitCode = code;
}

void main();
