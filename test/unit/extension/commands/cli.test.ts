import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  convertArgs,
  convertedFolderFor,
  evaluateArgs,
  exportArgs,
  isConvertFormat,
} from '../../../../src/extension/workbench/commands/cliArgs';
import {
  cliFailure,
  cliProblemOf,
  unknownCliCommand,
} from '../../../../src/extension/workbench/commands/cliError';
import { UserError } from '../../../../src/extension/workbench/userError';
import { runCliInProcess } from '../../../cliInProcess';

// The commands' side of the CLI: the argument lists they run, and what they make of its stderr when it
// fails. The stderr here is the real CLI's, run in this process.

describe('CLI arguments of the commands', () => {
  it('evaluates the best checkpoint unless one is named', () => {
    assert.deepEqual(evaluateArgs('/w/experiments/p/1_tfjs'), ['evaluate', '/w/experiments/p/1_tfjs']);
    assert.deepEqual(evaluateArgs('/e', 'last.json'), ['evaluate', '/e', '--checkpoint', 'last.json']);
  });

  it('exports in the documented form: export <dir> --format onnx|tensorrt [--checkpoint <file>]', () => {
    assert.deepEqual(exportArgs('/e', 'onnx'), ['export', '/e', '--format', 'onnx']);
    assert.deepEqual(exportArgs('/e', 'tensorrt', 'epoch_3.json'), [
      'export',
      '/e',
      '--format',
      'tensorrt',
      '--checkpoint',
      'epoch_3.json',
    ]);
  });

  it('converts in the documented form: convert <project> --to coco|yolo --out <dir>', () => {
    assert.deepEqual(convertArgs('/d/objects', 'yolo', '/d/objects_yolo'), [
      'convert',
      '/d/objects',
      '--to',
      'yolo',
      '--out',
      '/d/objects_yolo',
    ]);
    assert.ok(isConvertFormat('coco') && !isConvertFormat('voc') && !isConvertFormat(undefined));
  });

  it('suggests a new folder beside the dataset, numbered past the ones that exist', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-convert-'));
    const project = path.join(dir, 'objects');
    const exists = (candidate: string) => fs.existsSync(candidate);
    assert.equal(convertedFolderFor(project, 'coco', exists), path.join(dir, 'objects_coco'));
    fs.mkdirSync(path.join(dir, 'objects_coco'));
    fs.mkdirSync(path.join(dir, 'objects_coco_2'));
    assert.equal(convertedFolderFor(project, 'coco', exists), path.join(dir, 'objects_coco_3'));
    assert.equal(convertedFolderFor(project, 'yolo', exists), path.join(dir, 'objects_yolo'));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('CLI failures as the user sees them', () => {
  it('takes the problem and its hint from a failed command, without the program prefix', async () => {
    const missing = path.join(os.tmpdir(), 'ts-no-such-experiment');
    const run = await runCliInProcess(evaluateArgs(missing));
    assert.equal(run.code, 1);
    const problem = cliProblemOf(run.err);
    assert.match(problem?.message ?? '', /^There is no experiment folder .*ts-no-such-experiment/);
    assert.match(problem?.hint ?? '', /^Check the path/);
    const error = cliFailure({ title: 'Evaluating', code: run.code, stderr: run.err });
    assert.ok(error instanceof UserError);
    assert.equal(error.message, problem?.message);
    assert.equal(error.hint, problem?.hint);
    assert.doesNotMatch(`${error.message} ${error.hint}`, /\n|at .*\.js:\d+/);
  });

  it('does not take a usage text for a hint', async () => {
    const run = await runCliInProcess(['evaluate']);
    assert.equal(run.code, 2);
    assert.deepEqual(cliProblemOf(run.err), { message: 'name the experiment folder.' });
    assert.match(
      cliFailure({ title: 'Evaluating', code: 2, stderr: run.err }).hint,
      /output has the full log/,
    );
  });

  it('tells why an export failed in the CLI’s own words', async () => {
    const missing = path.join(os.tmpdir(), 'ts-no-such-experiment');
    const run = await runCliInProcess(exportArgs(missing, 'onnx'));
    assert.equal(run.code, 1);
    const error = cliFailure({ title: 'Exporting', code: run.code, stderr: run.err });
    assert.match(error.message, /^There is no experiment folder .*ts-no-such-experiment\.$/);
    assert.match(error.hint, /^Check the path/);
    const skipped = cliFailure({
      title: 'Exporting',
      code: 1,
      stderr:
        'train-studio export: Not exported to TensorRT: trtexec is not on PATH: install TensorRT (it comes with trtexec), put the folder holding trtexec on PATH, and run the export again.\n',
    });
    assert.match(skipped.message, /^Not exported to TensorRT: trtexec is not on PATH/);
  });

  it('says plainly that an older trainer cannot export when its CLI has no export command', async () => {
    const run = await runCliInProcess(['nosuchcommand', '/e']);
    assert.equal(run.code, 2);
    assert.equal(unknownCliCommand(run.err), 'nosuchcommand');
    const stderr = "train-studio: unknown command 'export'. Run 'train-studio --help' to see the commands.";
    const error = cliFailure({ title: 'Exporting', code: 2, stderr });
    assert.equal(
      error.message,
      "Train Studio cannot export yet: this version's trainer has no `export` command.",
    );
    assert.match(error.hint, /later release; nothing was changed/);
  });

  it('skips notes the CLI prints while it keeps going, and leaves the log path out of the hint', () => {
    const stderr = [
      'epoch 1/3 …',
      'train-studio: ignored stdin line: not json',
      'train-studio train: The class "cat" has no images.',
      '  Deselect it in classes.',
      '  Log: /w/experiments/p/1_tfjs/logs/train.log',
    ].join('\n');
    assert.deepEqual(cliProblemOf(stderr), {
      message: 'The class "cat" has no images.',
      hint: 'Deselect it in classes.',
    });
    const noHint = 'train-studio finalize: Training never returned a result.\n  Log: /x/train.log';
    assert.deepEqual(cliProblemOf(noHint), { message: 'Training never returned a result.' });
  });

  it('falls back to the exit code and the last line when the CLI printed no problem line', () => {
    const error = cliFailure({ title: 'Converting objects', code: 134, stderr: 'Aborted (core dumped)\n' });
    assert.equal(
      error.message,
      'Converting objects: the trainer exited with code 134 (Aborted (core dumped)).',
    );
    assert.equal(
      cliFailure({ title: 'Converting objects', code: null, stderr: '' }).message,
      'Converting objects: the trainer was killed.',
    );
  });
});
