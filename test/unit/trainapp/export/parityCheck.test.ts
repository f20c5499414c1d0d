import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { ParityReport } from '../../../../src/engine/export';
import { PARITY_TOLERANCE } from '../../../../src/engine/export';
import type { MeasuredOnnx } from '../../../../src/trainapp/export/builtinOnnx';
import { stageOnnx } from '../../../../src/trainapp/export/builtinExport';
import { experimentCheckpoint } from '../../../../src/trainapp/experiments/checkpointFile';
import { formatDifference } from '../../../../src/trainapp/export/formatDifference';
import { ExportStaging } from '../../../../src/trainapp/export/staging';
import { RunError } from '../../../../src/trainapp/runError';
import { folderSnapshot } from '../../../folderSnapshot';
import { handMadeExperiment } from './support';
import type { HandMadeExperiment } from './support';

// The ONNX export's parity judgement. A real export matches tfjs far within tolerance, so a model that does
// not is made up here: its report is what ONNX Runtime would have measured, and the staging folder is real.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
});

const MODEL_BYTES = new Uint8Array([8, 1, 18, 4]);

function measured(parity: ParityReport): MeasuredOnnx {
  const tensor = (name: string) => ({ name, shape: ['batch', 2, 8, 8], description: name });
  return {
    model: { bytes: MODEL_BYTES, input: tensor('images'), outputs: [tensor('heatmap'), tensor('size')] },
    parity,
    syntheticParity: false,
    backend: 'wasm',
    task: 'object detection',
    classes: ['square', 'triangle'],
    inputSize: 32,
  };
}

function stage(parity: ParityReport) {
  experiment ??= handMadeExperiment('tfjs', { 'best.json': 1 });
  const staging = ExportStaging.open(experiment.dir);
  const checkpoint = experimentCheckpoint(experiment.dir, experiment.session.read(), 'best.json', 'export');
  return { staging, run: () => stageOnnx(staging, checkpoint, measured(parity)) };
}

const report = (heatmap: number, size: number): ParityReport => ({
  maxAbsDiff: Number.isNaN(heatmap) || Number.isNaN(size) ? Number.NaN : Math.max(heatmap, size),
  outputs: [
    { name: 'heatmap', maxAbsDiff: heatmap },
    { name: 'size', maxAbsDiff: size },
  ],
  images: 8,
});

describe('the ONNX parity check', () => {
  it('refuses a model out of tolerance before anything is written', () => {
    const made = handMadeExperiment('tfjs', { 'best.json': 1 });
    experiment = made;
    const before = folderSnapshot(made.dir);
    const { staging, run } = stage(report(1e-6, 2.4e-3));
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof RunError);
      assert.equal(
        error.message,
        'ONNX export of best.json does not match tfjs: max |difference| 2.4e-3 > 1e-4 on output size (8 image(s)). Nothing was written.',
      );
      assert.match(error.problem.hint, /defect in Train Studio’s ONNX exporter/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(staging.dir), [], 'nothing was staged');
    staging.discard();
    assert.deepEqual(folderSnapshot(made.dir), before);
  });

  it('never takes NaN for a match, and names the output that has it', () => {
    const { staging, run } = stage(report(Number.NaN, 1e-7));
    assert.throws(run, /max \|difference\| NaN > 1e-4 on output heatmap/);
    assert.deepEqual(fs.readdirSync(staging.dir), []);
    staging.discard();
  });

  it('stages a model within tolerance, and publishes it into export/', () => {
    const { staging, run } = stage(report(PARITY_TOLERANCE, 3e-8));
    assert.equal(run(), 'best.onnx');
    assert.ok(!fs.existsSync(staging.exportDir), 'export/ is only made when the export is published');
    staging.publish();
    staging.discard();
    const dir = experiment?.dir ?? '';
    assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'export/best.onnx'))), MODEL_BYTES);
    assert.ok(!fs.readdirSync(dir).some((name) => name.startsWith('.export-')));
  });

  it('writes differences with two significant digits', () => {
    assert.equal(formatDifference(PARITY_TOLERANCE), '1e-4');
    assert.equal(formatDifference(2.384e-7), '2.4e-7');
    assert.equal(formatDifference(0), '0');
    assert.equal(formatDifference(Number.NaN), 'NaN');
  });
});

describe('the staging folder', () => {
  it('removes one that a killed export left behind', () => {
    experiment = handMadeExperiment('tfjs', { 'best.json': 1 });
    const left = path.join(experiment.dir, '.export-killed');
    fs.mkdirSync(left);
    fs.writeFileSync(path.join(left, 'best.onnx'), 'half a model');
    const staging = ExportStaging.open(experiment.dir);
    assert.ok(!fs.existsSync(left));
    staging.discard();
    assert.deepEqual(
      fs.readdirSync(experiment.dir).filter((name) => name.startsWith('.export-')),
      [],
    );
  });
});
