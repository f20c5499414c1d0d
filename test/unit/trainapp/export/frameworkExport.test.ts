import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { readExperimentInfo } from '../../../../src/trainapp/experiments';
import { recordExport } from '../../../../src/trainapp/export';
import type { ExportRequest } from '../../../../src/trainapp/export';
import { loadFramework } from '../../../../src/trainapp/frameworks/loadFramework';
import { RunError } from '../../../../src/trainapp/runError';
import { fixtureDir } from '../frameworks/support';
import { folderSnapshot } from '../../../folderSnapshot';
import { handMadeExperiment } from './support';
import type { HandMadeExperiment } from './support';

// A custom framework's own export functions (the seed's `@train.export_onnx`), run for real from the
// fixture modules: the file they return is moved into export/ and recorded, and whatever goes wrong is one
// clear problem that leaves the experiment folder as it was.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
  delete process.env.FAKE_EXPORT;
});

function exportWith(
  fixture: string,
  formats: ExportRequest['formats'] = ['onnx'],
  checkpoint = 'last.json',
): Promise<Awaited<ReturnType<typeof recordExport>>> {
  experiment ??= handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1.5 });
  return recordExport(experiment.session, {
    formats,
    checkpoint,
    parityItems: [],
    plugin: loadFramework(fixtureDir(fixture)),
    device: null,
    searchDirectories: [],
  });
}

/** Runs `work`, which must fail with a RunError, and checks that the folder did not change meanwhile. */
async function failsLeavingFolderAsItWas(work: () => Promise<unknown>): Promise<RunError> {
  experiment ??= handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1.5 });
  const before = folderSnapshot(experiment.dir);
  const error = await work().then(
    () => assert.fail('the export succeeded'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof RunError, String(error));
  assert.deepEqual(folderSnapshot(experiment.dir), before);
  return error;
}

describe('a custom framework exporting with its own functions', () => {
  it('moves the file exportOnnx wrote into export/ and records it', async () => {
    const outcome = await exportWith('exports-onnx');
    assert.deepEqual(outcome.files, { ONNXRuntime: 'export/last.onnx' });
    assert.deepEqual(outcome.skipped, []);
    assert.equal(outcome.maxAbsDiff, undefined, 'only the built-in export is checked against tfjs');
    const dir = experiment?.dir ?? '';
    const model = JSON.parse(fs.readFileSync(path.join(dir, 'export/last.onnx'), 'utf8')) as unknown;
    assert.deepEqual(model, {
      format: 'fake-onnx',
      weight: 3,
      task: 'object detection',
      classes: ['square', 'triangle'],
    });
    assert.equal(readExperimentInfo(dir).export.ONNXRuntime, 'export/last.onnx');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'export')), ['last.onnx']);
    assert.ok(!fs.readdirSync(dir).some((name) => name.startsWith('.export-')), 'no staging folder is left');
    assert.match(fs.readFileSync(path.join(dir, 'logs/train.log'), 'utf8'), /fake-export: wrote \d+ bytes/);
  });

  it('names the export after the checkpoint, and keeps an earlier export of another one', async () => {
    await exportWith('exports-onnx');
    const outcome = await exportWith('exports-onnx', ['onnx'], 'epoch_1.json');
    assert.deepEqual(outcome.files, { ONNXRuntime: 'export/epoch_1.onnx' });
    const dir = experiment?.dir ?? '';
    assert.deepEqual(fs.readdirSync(path.join(dir, 'export')).sort(), ['epoch_1.onnx', 'last.onnx']);
    assert.equal(readExperimentInfo(dir).export.ONNXRuntime, 'export/epoch_1.onnx');
  });

  it('skips a format the module has no function for, and writes nothing', async () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3 });
    const before = folderSnapshot(experiment.dir);
    const outcome = await exportWith('exports-onnx', ['tensorrt']);
    assert.deepEqual(outcome.files, {});
    assert.deepEqual(outcome.skipped, [
      { format: 'tensorrt', reason: 'fake-export exports no exportTensorRT function.' },
    ]);
    assert.deepEqual(folderSnapshot(experiment.dir), before);
  });

  it('says which framework has no exportOnnx', async () => {
    const outcome = await exportWith('js-module');
    assert.deepEqual(outcome.skipped, [
      { format: 'onnx', reason: 'fake-js exports no exportOnnx function.' },
    ]);
  });

  it('says that a command framework cannot export', async () => {
    const outcome = await exportWith('external-node');
    assert.equal(outcome.skipped.length, 1);
    assert.match(outcome.skipped[0]?.reason ?? '', /runs as a command.*exportOnnx\(ctx\)/);
  });

  it('refuses a file returned from outside the folder it was given', async () => {
    process.env.FAKE_EXPORT = 'outside';
    const error = await failsLeavingFolderAsItWas(() => exportWith('exports-onnx'));
    assert.match(error.message, /^fake-export exportOnnx\(\) returned .*model\.onnx, which is not inside/);
    assert.match(error.problem.hint, /ctx\.outputDir/);
  });

  it('tells the message of a function that throws, with its stack in the run log only', async () => {
    process.env.FAKE_EXPORT = 'throws';
    const error = await failsLeavingFolderAsItWas(() => exportWith('exports-onnx'));
    assert.equal(
      error.message,
      'fake-export exportOnnx() failed: the fake exporter cannot export this checkpoint',
    );
    assert.equal(error.cause, undefined, 'the stack is logged, not carried to the terminal');
    const log = fs.readFileSync(path.join(experiment?.dir ?? '', 'logs/train.log'), 'utf8');
    assert.match(log, /Error: the fake exporter cannot export this checkpoint\n\s+at exportOnnx/);
  });

  it('leaves an earlier export as it was when the next one fails', async () => {
    await exportWith('exports-onnx');
    process.env.FAKE_EXPORT = 'throws';
    await failsLeavingFolderAsItWas(() => exportWith('exports-onnx'));
  });

  it('refuses a checkpoint outside checkpoints/, one that does not exist, and an experiment without any', async () => {
    const outside = await failsLeavingFolderAsItWas(() =>
      exportWith('exports-onnx', ['onnx'], '../model_meta.json'),
    );
    assert.match(outside.message, /^'\.\.\/model_meta\.json' is not the file name of a checkpoint/);
    const missing = await failsLeavingFolderAsItWas(() => exportWith('exports-onnx', ['onnx'], 'best.json'));
    assert.match(missing.message, /^There is no checkpoint best\.json in .*checkpoints\.$/);
    assert.equal(missing.problem.hint, 'It has last.json, epoch_1.json: name one of them.');
    experiment?.remove();
    experiment = handMadeExperiment('fake-export', {});
    const none = await failsLeavingFolderAsItWas(() => exportWith('exports-onnx'));
    assert.match(none.message, /has no checkpoints to export\.$/);
  });
});
