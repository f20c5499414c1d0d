import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INITIAL_PROGRESS } from '../../../../src/core/runProgress';
import type { RunProgress } from '../../../../src/core/runProgress';
import { statusText, statusTooltip } from '../../../../src/extension/workbench/runs/statusText';

const training: RunProgress = {
  phase: 'training',
  experimentDir: '/ws/experiments/shapes/3_tfjs',
  epoch: 3,
  totalEpochs: 15,
  fraction: 0.2,
  etaSeconds: 83,
  metrics: {},
};

describe('status bar text', () => {
  it('is absent while no run is live, so the item hides', () => {
    assert.equal(statusText([]), undefined);
  });

  it('shows one run as label, epoch, percent and ETA', () => {
    assert.equal(
      statusText([{ label: 'app_state.json', progress: training }]),
      '$(sync~spin) app_state.json: epoch 3/15 · 20% · ETA 1:23',
    );
  });

  it('shows the phase before training starts', () => {
    assert.equal(statusText([{ label: 'a', progress: INITIAL_PROGRESS }]), '$(sync~spin) a: starting');
    assert.equal(
      statusText([{ label: 'a', progress: { ...training, phase: 'finalizing' } }]),
      '$(sync~spin) a: finalising',
    );
  });

  it('counts several runs and shows the first', () => {
    const runs = [
      { label: 'first', progress: training },
      { label: 'second', progress: INITIAL_PROGRESS },
    ];
    assert.equal(statusText(runs), '$(sync~spin) 2 runs · first: epoch 3/15 · 20% · ETA 1:23');
  });

  it('lists each run with its folder and progress in the tooltip', () => {
    const tooltip = statusTooltip([
      { label: 'first', progress: training },
      { label: 'second', progress: INITIAL_PROGRESS },
    ]);
    assert.match(tooltip, /^first: epoch 3\/15 · 20% · ETA 1:23\n {2}\/ws\/experiments\/shapes\/3_tfjs\n/);
    assert.match(tooltip, /\nsecond: starting\n {2}no experiment folder yet\n/);
    assert.match(tooltip, /Click to show the first run\.$/);
  });
});
