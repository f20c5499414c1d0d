import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { keyMetricsText } from '../../../../src/extension/workbench/commands/metricSummary';
import { readExperimentInfo } from '../../../../src/trainapp/experiments';
import { makeWorkspace } from './testWorkspace';
import type { TestWorkspace } from './testWorkspace';

describe('the metrics an evaluation notification shows', () => {
  let workspace: TestWorkspace;
  before(() => {
    workspace = makeWorkspace('metric-summary');
  });
  after(() => {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  });

  it('puts the run’s key metric first, then the others as written, four at most', () => {
    const info = readExperimentInfo(workspace.experiment);
    assert.equal(keyMetricsText(info), 'accuracy 0.5000, precision 0.2500');
    assert.equal(keyMetricsText({ ...info, evaluation_metrics: {} }), '');
    const detection = {
      ...info,
      task_type: 'object detection' as const,
      evaluation_metrics: { mAP: 0.3, support: 7, mAP50: 0.5, mAP75: 0.25, recall: 0.6 },
    };
    assert.equal(keyMetricsText(detection), 'mAP50 0.5000, mAP 0.3000, support 7, mAP75 0.2500');
    const pose = {
      ...info,
      task_type: 'pose estimation' as const,
      evaluation_metrics: { AR: 0.5, AP: 0.75 },
    };
    assert.equal(keyMetricsText(pose), 'AR 0.5000, AP 0.7500', 'no primary metric: the first one leads');
  });
});
