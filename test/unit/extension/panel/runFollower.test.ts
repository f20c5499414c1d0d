import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentSummary } from '../../../../src/core/panel/views';
import { experimentToFollow } from '../../../../src/extension/workbench/panel/runFollower';

const summary = (dir: string, project: string): ExperimentSummary => ({
  dir,
  name: dir.split('/').at(-1) ?? dir,
  status: 'completed',
  project,
});

describe('the experiment an edit panel follows', () => {
  const experiments = [
    summary('/ws/experiments/other/3_tfjs', '/ws/data/other'),
    summary('/ws/experiments/shapes/2_tfjs', '/ws/data/shapes'),
    summary('/ws/experiments/shapes/1_tfjs', '/ws/data/shapes'),
  ];

  it('is the newest one that trained the app_state’s project', () => {
    assert.equal(experimentToFollow(experiments, '/ws/data/shapes'), '/ws/experiments/shapes/2_tfjs');
    assert.equal(experimentToFollow(experiments, '/ws/data/./shapes/'), '/ws/experiments/shapes/2_tfjs');
  });

  it('switches to a newer one as it appears', () => {
    const newer = [summary('/ws/experiments/shapes/4_tfjs', '/ws/data/shapes'), ...experiments];
    assert.equal(experimentToFollow(newer, '/ws/data/shapes'), '/ws/experiments/shapes/4_tfjs');
  });

  it('is none without a project, or when no experiment trained it', () => {
    assert.equal(experimentToFollow(experiments, undefined), undefined);
    assert.equal(experimentToFollow(experiments, '/ws/data/shapes-2'), undefined);
    assert.equal(experimentToFollow([], '/ws/data/shapes'), undefined);
  });
});
