import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { ARTIFACTS_DIR, REPO_ROOT } from '../paths';
import { assertHostInstalled, CODE_SERVER_ENTRY, CS_RUN } from '../vscodeHost';
import { prepareWorkspace } from './workspaceFixture';

// Runs test/integration in the real extension host through @vscode/test-electron, with the code-server bridge
// (cs-run.mjs) standing in for the VS Code binary. Exit code: 0 all passed, 1 failures, 2 timeout or broken host.
// Two passes: the folder trusted (every suite but `*.untrusted.test.ts`), then untrusted, in Restricted Mode
// (those alone); one results file holds both, ending in one `N passed, N failed` line.
const RESULTS_FILE = path.join(ARTIFACTS_DIR, 'integration-results.txt');
const SUMMARY = /^\d+ passed, \d+ failed$/;

const WORKSPACE_TRUST = ['trusted', 'untrusted'] as const;
type WorkspaceTrust = (typeof WORKSPACE_TRUST)[number];
/** Where each pass writes its lines, before they are merged into RESULTS_FILE. */
const passResultsFile = (trust: WorkspaceTrust) =>
  path.join(ARTIFACTS_DIR, `integration-results.${trust}.txt`);

/** 0 and 1 are the test runner's verdicts; anything else (timeout, crash, signal) means there is no verdict. */
function normalizeExitCode(code: number | undefined): number {
  return code === 0 || code === 1 ? code : 2;
}

async function runSuite(trust: WorkspaceTrust): Promise<number> {
  assertHostInstalled();
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
        TRAIN_STUDIO_TEST_RESULTS: passResultsFile(trust),
        // cs-run.mjs opens the folder in Restricted Mode, and index.ts picks the suites for it.
        CS_WORKSPACE_TRUST: trust,
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

/** A pass's result lines without its summary, and its counts; no counts when it wrote no summary. */
function readPass(trust: WorkspaceTrust): { lines: string[]; counts?: [number, number] } {
  const file = passResultsFile(trust);
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  fs.rmSync(file, { force: true });
  const summary = lines.find((line) => SUMMARY.test(line));
  const rest = lines.filter((line) => line !== summary);
  if (summary === undefined) return { lines: rest };
  const [passed = 0, failed = 0] = (summary.match(/\d+/g) ?? []).map(Number);
  return { lines: rest, counts: [passed, failed] };
}

/** Both passes' lines in one file, with one summary when every pass wrote one. */
function writeResults(passes: readonly ReturnType<typeof readPass>[]): void {
  const lines = passes.flatMap((pass) => pass.lines);
  if (passes.every((pass) => pass.counts)) {
    const total = (index: 0 | 1) => passes.reduce((sum, pass) => sum + (pass.counts?.[index] ?? 0), 0);
    lines.push(`${String(total(0))} passed, ${String(total(1))} failed`);
  }
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, lines.map((line) => `${line}\n`).join(''));
}

/** The worst of the passes' exit codes: no verdict (2) over failures (1) over success (0). */
const worstCode = (codes: readonly number[]) => Math.max(...codes);

async function runPasses(): Promise<number> {
  // A results file left by an earlier run must never pass for this run's outcome.
  fs.rmSync(RESULTS_FILE, { force: true });
  const codes: number[] = [];
  for (const trust of WORKSPACE_TRUST) {
    fs.rmSync(passResultsFile(trust), { force: true });
    codes.push(
      await runSuite(trust).catch((error: unknown) => {
        console.error(
          `integration: could not run the ${trust} pass: ${error instanceof Error ? error.message : String(error)}`,
        );
        return 2;
      }),
    );
  }
  writeResults(WORKSPACE_TRUST.map(readPass));
  return worstCode(codes);
}

async function main(): Promise<void> {
  const started = Date.now();
  let code = await runPasses();
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
