import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeLaunchOf } from '../../../../src/extension/workbench/debug/nodeLaunch';
import type { NodeLaunchContext } from '../../../../src/extension/workbench/debug/nodeLaunch';
import { checkLaunchTarget, launchTargetOf } from '../../../../src/extension/workbench/debug/target';
import type { TrainStudioLaunchFields } from '../../../../src/extension/workbench/debug/target';
import type { LaunchVariables } from '../../../../src/extension/workbench/debug/variables';
import { UserError } from '../../../../src/extension/workbench/userError';

// The rewrite of a `trainstudio` launch configuration into a `node` launch of the trainer CLI: the
// variables resolveDebugConfiguration still sees unsubstituted, relative and absolute paths, paths with
// spaces, the checks that name a missing file, and every attribute js-debug gets.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-debug launch '));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const folder = path.join(root, 'my project');
const other = path.join(root, 'other folder');

const variables = (overrides: Partial<LaunchVariables> = {}): LaunchVariables => ({
  workspaceFolder: folder,
  workspaceFolders: { 'my project': folder, other: other },
  userHome: path.join(root, 'home'),
  env: { RUNS: path.join(root, 'runs dir') },
  file: path.join(folder, 'open.app_state.json'),
  pathSeparator: path.sep,
  ...overrides,
});

const targetOf = (fields: TrainStudioLaunchFields, overrides?: Partial<LaunchVariables>) =>
  launchTargetOf(fields, variables(overrides));

/** `message`: the whole message, or a pattern in it. */
function assertUserError(run: () => unknown, message: string | RegExp, hint?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    if (hint) assert.match(error.hint, hint);
    return true;
  });
}

describe('launchTargetOf', () => {
  it('substitutes ${workspaceFolder} itself: resolveDebugConfiguration sees it unsubstituted', () => {
    assert.deepEqual(targetOf({ appState: '${workspaceFolder}/runs/app_state.json' }), {
      kind: 'train',
      appState: path.join(folder, 'runs', 'app_state.json'),
    });
  });

  it('takes a path VS Code or the caller already substituted as it is', () => {
    const absolute = path.join(other, 'x.app_state.json');
    assert.deepEqual(targetOf({ appState: absolute }), { kind: 'train', appState: absolute });
  });

  it('takes a relative path from the workspace folder, not from the extension host’s working directory', () => {
    assert.deepEqual(targetOf({ appState: 'sub dir/../app_state.json' }), {
      kind: 'train',
      appState: path.join(folder, 'app_state.json'),
    });
  });

  it('knows the other variables a path may use', () => {
    const cases: readonly [string, string][] = [
      ['${workspaceFolder:other}/a.app_state.json', path.join(other, 'a.app_state.json')],
      ['${userHome}/app_state.json', path.join(root, 'home', 'app_state.json')],
      ['${env:RUNS}/app_state.json', path.join(root, 'runs dir', 'app_state.json')],
      ['${file}', path.join(folder, 'open.app_state.json')],
      ['${workspaceFolderBasename}.app_state.json', path.join(folder, 'my project.app_state.json')],
      [`\${workspaceFolder}\${pathSeparator}a\${/}app_state.json`, path.join(folder, 'a', 'app_state.json')],
    ];
    for (const [given, expected] of cases) {
      assert.deepEqual(targetOf({ appState: given }), { kind: 'train', appState: expected }, given);
    }
  });

  it('resumes when `resume` names a folder, whatever appState says', () => {
    assert.deepEqual(
      targetOf({ appState: '${workspaceFolder}/app_state.json', resume: 'experiments/shapes/3_tfjs' }),
      { kind: 'resume', experimentDir: path.join(folder, 'experiments', 'shapes', '3_tfjs') },
    );
  });

  it('names no target for an empty configuration (F5 without a launch.json) or empty attributes', () => {
    assert.equal(targetOf({}), undefined);
    assert.equal(targetOf({ appState: '', resume: '' }), undefined);
  });

  it('refuses what it cannot resolve, naming the attribute and the variable', () => {
    assertUserError(
      () => targetOf({ appState: '${input:pick}/app_state.json' }),
      /`appState` uses \$\{input:pick\}, which Train Studio cannot resolve/,
      /\$\{workspaceFolder\}/,
    );
    assertUserError(
      () => targetOf({ appState: '${workspaceFolder:missing}/app_state.json' }),
      /\$\{workspaceFolder:missing\}/,
    );
    assertUserError(
      () => targetOf({ resume: '${workspaceFolder}/experiments/a/1_x' }, { workspaceFolder: undefined }),
      /`resume` uses \$\{workspaceFolder\}, but the launch has no workspace folder/,
    );
    assertUserError(
      () => targetOf({ appState: '${file}' }, { file: undefined }),
      /no file is open in the editor/,
    );
    assertUserError(
      () => targetOf({ appState: 'app_state.json' }, { workspaceFolder: undefined }),
      /relative path app_state\.json, but the launch has no workspace folder/,
    );
    assertUserError(
      () => targetOf({ appState: 42 }),
      /`appState` in the launch configuration must be a path, not 42/,
    );
  });
});

describe('checkLaunchTarget', () => {
  const appState = path.join(folder, 'app_state.json');
  const experimentDir = path.join(folder, 'experiments', 'shapes', '1_tfjs');
  fs.mkdirSync(experimentDir, { recursive: true });
  fs.writeFileSync(appState, '{}');

  it('passes an app_state file and an experiment folder that are there', () => {
    fs.writeFileSync(path.join(experimentDir, 'experiment_info.json'), '{}');
    checkLaunchTarget({ kind: 'train', appState });
    checkLaunchTarget({ kind: 'resume', experimentDir });
  });

  it('names a missing app_state file', () => {
    const missing = path.join(folder, 'gone.app_state.json');
    assertUserError(
      () => {
        checkLaunchTarget({ kind: 'train', appState: missing });
      },
      `Cannot debug training from ${missing}: it does not exist.`,
      /Fix `appState`/,
    );
  });

  it('names an app_state path that is a folder', () => {
    assertUserError(() => {
      checkLaunchTarget({ kind: 'train', appState: folder });
    }, /my project: it is a folder, not a file\./);
  });

  it('names a missing experiment folder, and one without experiment_info.json', () => {
    const missing = path.join(folder, 'experiments', 'shapes', '9_tfjs');
    assertUserError(
      () => {
        checkLaunchTarget({ kind: 'resume', experimentDir: missing });
      },
      `Cannot resume ${missing} under the debugger: it does not exist.`,
      /Fix `resume`/,
    );
    const empty = path.join(folder, 'experiments', 'shapes', '2_tfjs');
    fs.mkdirSync(empty);
    assertUserError(() => {
      checkLaunchTarget({ kind: 'resume', experimentDir: empty });
    }, /2_tfjs under the debugger: its experiment_info\.json cannot be read \(it does not exist\)\./);
  });
});

describe('nodeLaunchOf', () => {
  const context: NodeLaunchContext = {
    folder,
    cliPath: path.join(root, 'extension dir', 'dist', 'cli.js'),
    nodeExecutable: path.join(root, 'node bin', 'node'),
    experimentsDir: path.join(folder, 'experiments'),
  };
  const appState = path.join(folder, 'configs', 'a b.app_state.json');
  const glob = (absolute: string) => absolute.split(path.sep).join('/');

  it('launches the CLI on the app_state file under js-debug, with source maps for the compiled start module', () => {
    const options = { stopOnEntry: false, noDebug: false };
    assert.deepEqual(nodeLaunchOf('Train it', { kind: 'train', appState }, context, options), {
      type: 'node',
      request: 'launch',
      name: 'Train it',
      program: context.cliPath,
      // Arguments are passed one by one, never through a shell: spaces need no quoting.
      args: ['train', '--app-state', appState, '--experiments', context.experimentsDir],
      cwd: folder,
      runtimeExecutable: context.nodeExecutable,
      sourceMaps: true,
      resolveSourceMapLocations: [
        `${glob(folder)}/**`,
        `${glob(context.experimentsDir)}/**/.work/**`,
        '!**/node_modules/**',
      ],
      outFiles: [`${glob(context.experimentsDir)}/**/.work/**/*.cjs`, '!**/node_modules/**'],
      runtimeSourcemapPausePatterns: [`${glob(context.experimentsDir)}/**/.work/**/*.cjs`],
      skipFiles: ['<node_internals>/**'],
      console: 'internalConsole',
      outputCapture: 'std',
      killBehavior: 'polite',
      stopOnEntry: false,
    });
  });

  it('resumes an experiment, whose work folder is its own', () => {
    const experimentDir = path.join(root, 'elsewhere', 'shapes', '4_tfjs');
    const launch = nodeLaunchOf('Resume', { kind: 'resume', experimentDir }, context, {
      stopOnEntry: true,
      noDebug: false,
    });
    assert.deepEqual(launch.args, ['resume', experimentDir]);
    assert.deepEqual(launch.resolveSourceMapLocations, [
      `${glob(folder)}/**`,
      `${glob(experimentDir)}/.work/**`,
      '!**/node_modules/**',
    ]);
    assert.deepEqual(launch.outFiles, [`${glob(experimentDir)}/.work/**/*.cjs`, '!**/node_modules/**']);
    assert.deepEqual(launch.runtimeSourcemapPausePatterns, [`${glob(experimentDir)}/.work/**/*.cjs`]);
    assert.equal(launch.stopOnEntry, true);
  });

  it('keeps Run Without Debugging: the trainer then runs without the debugger', () => {
    const launch = nodeLaunchOf('x', { kind: 'train', appState }, context, {
      stopOnEntry: false,
      noDebug: true,
    });
    assert.equal(launch.noDebug, true);
  });

  it('allows source maps from an experiments folder outside the workspace folder', () => {
    const outside = { ...context, experimentsDir: path.join(root, 'shared experiments') };
    const launch = nodeLaunchOf('x', { kind: 'train', appState }, outside, {
      stopOnEntry: false,
      noDebug: false,
    });
    assert.ok(launch.resolveSourceMapLocations.includes(`${glob(outside.experimentsDir)}/**/.work/**`));
    assert.deepEqual(launch.args.slice(-2), ['--experiments', outside.experimentsDir]);
  });
});
