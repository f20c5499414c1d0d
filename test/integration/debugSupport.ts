import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProvider, WorkbenchHost } from '../../src/extension/workbench/contract';
import { createDebug } from '../../src/extension/workbench/debug';
import type { RunServices } from '../../src/extension/workbench/runs/types';
import { REPO_ROOT } from '../paths';
import { quickAppState } from '../fixtures/quickRun';
import { FIXTURE } from './workspaceFixture';

// The debugger's suites train test/fixtures/frameworks/ts-debug, a TypeScript start module that trains in
// a blink without reading images, copied into the workspace as a user's own framework would be.

/** The extension's trainer CLI. */
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

const FRAMEWORK = 'ts-debug';
/** Where the framework folder lands in the workspace. */
export const PROBE_FRAMEWORK_DIR = `frameworks/${FRAMEWORK}`;
/** Comments that mark lines of the module for breakpoints. */
export const PROBE_MARKS = {
  /** Runs once per epoch, after the epoch's checkpoint is saved. */
  inEpoch: '// debugger: stop in an epoch',
  /** Runs once, after the last epoch. */
  afterTraining: '// debugger: stop after training',
} as const;

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests run with a workspace folder open');
  return folder;
}

/** Copies the framework into the workspace and writes `<name>` training it; returns the app_state's path. */
export function writeProbeAppState(name: string, hyperparameters = ''): string {
  const dir = workspaceFolder().uri.fsPath;
  fs.cpSync(
    path.join(REPO_ROOT, 'test', 'fixtures', 'frameworks', FRAMEWORK),
    path.join(dir, PROBE_FRAMEWORK_DIR),
    {
      recursive: true,
    },
  );
  const file = path.join(dir, name);
  const appState = quickAppState(FIXTURE.classFolders, {
    framework: PROBE_FRAMEWORK_DIR,
    model: { source: 'Pretrained models', model_name: 'Probe-S' },
    hyperparameters,
  });
  fs.writeFileSync(file, `${JSON.stringify(appState, null, 2)}\n`);
  return file;
}

/** The experiment folders of the probe runs, oldest first (run ids count up). */
export function probeExperiments(
  experimentsDir = path.join(workspaceFolder().uri.fsPath, 'experiments'),
): string[] {
  const project = path.join(experimentsDir, path.basename(FIXTURE.classFolders));
  if (!fs.existsSync(project)) return [];
  return fs
    .readdirSync(project)
    .filter((name) => name.endsWith(`_${FRAMEWORK}`))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((name) => path.join(project, name));
}

/**
 * The workbench's debug provider, made in this extension host: VS Code lists dynamic configurations only in
 * a quick pick, and in an untrusted workspace it asks for trust (a dialog) before any resolver runs.
 */
export function debugProvider(): DebugProvider {
  const host = {
    output: vscode.window.createOutputChannel('Train Studio debug test', { log: true }),
    cliPath: CLI,
  };
  const runs = { nodeExecutable: () => Promise.resolve(process.execPath) };
  return createDebug(host as unknown as WorkbenchHost, runs as unknown as RunServices).provider;
}
