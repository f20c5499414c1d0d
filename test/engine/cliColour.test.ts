import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Workspace } from './workspace';
import { CLI, createWorkspace, FRAMEWORK_FIXTURES } from './workspace';

// The human log on stderr is coloured for a terminal, and for the editor's task terminal, which reads it
// through a pipe and asks for colour with FORCE_COLOR. A run whose framework fails at once prints its end,
// "run failed after 0 epochs", as an error line: red when coloured.

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

let workspace: Workspace;
let appState: string;
before(() => {
  workspace = createWorkspace('colour');
  appState = workspace.appState(
    {
      framework: path.relative(workspace.dir, path.join(FRAMEWORK_FIXTURES, 'throws-in-start')),
      input: { project: 'data/objects/supervisely' },
      classes: ['square', 'triangle'],
      model: { source: 'Pretrained models', model_name: 'Fake-S' },
      hyperparameters: 'epochs: 1\nbatch_size: 2\n',
    },
    'throws.app_state.json',
  );
});
after(() => {
  workspace.remove();
});

/** stderr of a failing run, with only the colour variables given set. */
function failedRunStderr(colourEnv: Record<string, string>): string {
  const env: NodeJS.ProcessEnv = { ...process.env, TRAIN_STUDIO_CACHE: workspace.cacheDir };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [CLI, 'train', appState], {
    cwd: workspace.dir,
    encoding: 'utf8',
    env: { ...env, ...colourEnv },
    timeout: 120_000,
  });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /run failed after 0 epochs/);
  return result.stderr;
}

describe('colour on the CLI’s stderr', () => {
  it('is off through a pipe by default', () => {
    assert.doesNotMatch(failedRunStderr({}), /\u001b\[/);
  });

  it('is on through a pipe when FORCE_COLOR is set to anything but 0', () => {
    for (const value of ['1', 'true', '']) {
      assert.ok(
        failedRunStderr({ FORCE_COLOR: value }).includes(`${RED}run failed after 0 epochs${RESET}`),
        `FORCE_COLOR=${JSON.stringify(value)}`,
      );
    }
  });

  it('is off for FORCE_COLOR=0, and whenever NO_COLOR is set', () => {
    assert.doesNotMatch(failedRunStderr({ FORCE_COLOR: '0' }), /\u001b\[/);
    assert.doesNotMatch(failedRunStderr({ FORCE_COLOR: '1', NO_COLOR: '1' }), /\u001b\[/);
  });
});
