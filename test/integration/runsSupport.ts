import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { ExperimentInfo } from '../../src/core/schemas';
import { QUICK_HYPERPARAMETERS, quickAppState } from '../fixtures/quickRun';
import { FIXTURE } from './workspaceFixture';

// What the run suites (tasks, trainer processes) share: the workspace, app_state files that train long
// enough to be stopped, and the experiment folders runs leave.

export function workspaceDir(): string {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder.uri.fsPath;
}

/**
 * The quick app_state with so many epochs that the run is still training when a test stops it; its dataset
 * path is absolute, so that the file can be anywhere.
 */
export function writeLongAppState(file: string): string {
  const hyperparameters = QUICK_HYPERPARAMETERS.replace('epochs: 3', 'epochs: 500');
  if (hyperparameters === QUICK_HYPERPARAMETERS) throw new Error('the quick run no longer says `epochs: 3`');
  const appState = quickAppState(path.join(workspaceDir(), FIXTURE.classFolders), { hyperparameters });
  fs.writeFileSync(file, `${JSON.stringify(appState, null, 2)}\n`);
  return file;
}

export const readInfo = (experimentDir: string): ExperimentInfo =>
  ExperimentInfo.parse(JSON.parse(fs.readFileSync(path.join(experimentDir, 'experiment_info.json'), 'utf8')));

/** Experiment folders (`<experiments>/<project>/<run>`) that exist now. */
export function experimentFolders(experimentsDir: string): Set<string> {
  if (!fs.existsSync(experimentsDir)) return new Set();
  return new Set(
    fs
      .readdirSync(experimentsDir)
      .flatMap((project) =>
        fs
          .readdirSync(path.join(experimentsDir, project))
          .map((run) => path.join(experimentsDir, project, run)),
      ),
  );
}

/** Polls until `check` returns a value: trainers write their folders on their own schedule. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
