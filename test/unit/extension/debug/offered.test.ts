import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dynamicConfigurations } from '../../../../src/extension/workbench/debug/offered';
import { offeredAppStates } from '../../../../src/extension/workbench/pick/appStateFilter';

// The app_state files the tasks, Run and Debug and the pickers offer: the folder's own, the experiments'
// copies left out (they are re-run from the tree); and Run and Debug's dynamic list made of them.

const folder = path.join(path.sep, 'work', 'my project');
const inFolder = (...parts: string[]) => path.join(folder, ...parts);

describe('offeredAppStates', () => {
  it('keeps the folder’s files in name order, without the experiments folder’s', () => {
    const found = [
      inFolder('z.app_state.json'),
      inFolder('experiments', 'shapes', '1_tfjs', 'app_state.json'),
      inFolder('app_state.json'),
      inFolder('configs', 'detector.app_state.json'),
      inFolder('experiments-old', 'app_state.json'),
    ];
    assert.deepEqual(offeredAppStates(folder, found, inFolder('experiments')), [
      inFolder('app_state.json'),
      inFolder('configs', 'detector.app_state.json'),
      inFolder('experiments-old', 'app_state.json'),
      inFolder('z.app_state.json'),
    ]);
  });

  it('follows the experiments folder setting, and leaves out files of other folders', () => {
    const found = [inFolder('runs', 'a', '1_x', 'app_state.json'), inFolder('experiments', 'app_state.json')];
    assert.deepEqual(offeredAppStates(folder, found, inFolder('runs')), [
      inFolder('experiments', 'app_state.json'),
    ]);
    assert.deepEqual(
      offeredAppStates(folder, [path.join(path.sep, 'elsewhere', 'app_state.json')], inFolder('x')),
      [],
    );
  });

  it('leaves out an experiments folder whose name holds glob characters, and only that folder', () => {
    const experiments = inFolder('runs [v2]{a,b}*');
    const found = [
      path.join(experiments, 'shapes', '1_x', 'app_state.json'),
      inFolder('runs [v2]a', 'app_state.json'),
      inFolder('app_state.json'),
    ];
    assert.deepEqual(offeredAppStates(folder, found, experiments), [
      inFolder('app_state.json'),
      inFolder('runs [v2]a', 'app_state.json'),
    ]);
  });
});

describe('dynamicConfigurations', () => {
  it('names each by its relative path, with forward slashes, and points at it from ${workspaceFolder}', () => {
    assert.deepEqual(
      dynamicConfigurations(folder, [inFolder('app_state.json'), inFolder('my configs', 'b.app_state.json')]),
      [
        {
          type: 'trainstudio',
          request: 'launch',
          name: 'Train app_state.json',
          appState: '${workspaceFolder}/app_state.json',
        },
        {
          type: 'trainstudio',
          request: 'launch',
          name: 'Train my configs/b.app_state.json',
          appState: '${workspaceFolder}/my configs/b.app_state.json',
        },
      ],
    );
  });
});
