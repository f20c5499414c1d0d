import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { ExperimentInfo, ExportManifest } from '../../src/core/schemas';
import { selectBackend } from '../../src/engine/backend';
import { createPipeline } from '../../src/engine/pipeline';
import { loadCheckpoint } from '../../src/engine/train';
import { recordExport } from '../../src/trainapp/export';
import { findTrtexec } from '../../src/trainapp/export/tensorrt';
import { ExperimentSession } from '../../src/trainapp/run/experimentSession';
import { folderSnapshot } from '../folderSnapshot';
import { isRunning } from '../processes';
import { slowTrtexecBody, slowTrtexecPids, writeTrtexec } from '../unit/trainapp/export/support';
import { readShapesDataset, TEST_BACKENDS } from './support';
import { spawnTrainer } from './trainerProcess';
import type { Workspace } from './workspace';
import { CLI, createWorkspace, experimentDirOf, readJson } from './workspace';

// `train-studio export` and the export finalise step, through the real CLI in its own process: ONNX checked
// against tfjs, classes.json, TensorRT through trtexec, a custom framework's own exportOnnx, and every way an
// export can fail, each leaving the experiment folder as it was.

let workspace: Workspace;
before(() => {
  workspace = createWorkspace('export');
});
after(() => {
  workspace.remove();
});

/** A PATH with node's folder and the system's, where no test machine has trtexec. */
const PATH_WITHOUT_TRTEXEC = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
const noTrtexecHere = findTrtexec({ PATH: PATH_WITHOUT_TRTEXEC }) === undefined;

function cliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnTrainer([CLI, ...args], {
    cwd: workspace.dir,
    env: { TRAIN_STUDIO_CACHE: workspace.cacheDir, PATH: PATH_WITHOUT_TRTEXEC, ...env },
    events: false,
  });
}

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => cliProcess(args, env).exited;

async function train(overrides: Record<string, unknown>, name: string): Promise<string> {
  const { code, stdout, stderr } = await cli(['train', '--app-state', workspace.appState(overrides, name)]);
  assert.equal(code, 0, stderr);
  return experimentDirOf(stdout);
}

const infoOf = (dir: string) => ExperimentInfo.parse(readJson(path.join(dir, 'experiment_info.json')));
const manifestOf = (dir: string) => ExportManifest.parse(readJson(path.join(dir, 'export/classes.json')));

function assertNoStackTrace(text: string) {
  assert.doesNotMatch(text, /^ {4}at /m, `a stack trace was printed:\n${text}`);
}

/** The export fails with one clear message, exit code 1, and the folder exactly as it was (logs aside). */
async function assertFailsCleanly(
  dir: string,
  args: readonly string[],
  expected: RegExp,
  env: NodeJS.ProcessEnv = {},
) {
  const before = folderSnapshot(dir);
  const { code, stdout, stderr } = await cli(['export', dir, ...args], env);
  assert.equal(code, 1, stderr);
  assert.match(stderr, expected);
  assert.equal(stderr.match(/^train-studio export: /gm)?.length, 1, `one problem, told once:\n${stderr}`);
  assertNoStackTrace(stderr);
  assert.equal(stdout, '');
  assert.deepEqual(folderSnapshot(dir), before);
}

/** A copy of an experiment beside it (same depth, so its app_state's relative paths still hold). */
function copyExperiment(dir: string, name: string): string {
  const copy = path.join(path.dirname(dir), name);
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

/** A folder holding a `trtexec` shell script with this body. */
function fakeTrtexec(name: string, body: string): string {
  return [writeTrtexec(workspace.dir, name, body), PATH_WITHOUT_TRTEXEC].join(path.delimiter);
}

/** The class tfjs and ONNX Runtime each rank first for one val image of the run, prepared as training does. */
async function topClasses(dir: string): Promise<{ tfjs: number; onnxRuntime: number; image: string }> {
  const split = readJson(path.join(dir, 'train_val_split.json')) as { val: string[] };
  const { train, val } = readShapesDataset(path.join(workspace.dir, 'data/shapes'));
  const item = [...train, ...val].find((candidate) => split.val.includes(candidate.ref));
  assert.ok(item, 'a val image of the run');
  await selectBackend({ only: TEST_BACKENDS });
  const memoryBefore = tf.memory().numTensors;
  const loaded = loadCheckpoint(path.join(dir, 'checkpoints/best.json'));
  const { task, inputSize } = loaded.spec;
  const pipeline = createPipeline([item], { task, classes: loaded.classes, inputSize });
  let images: Float32Array | undefined;
  for await (const batch of pipeline.batches({ order: [0], batchSize: 1, seed: 0 }))
    images = batch.images.slice();
  await pipeline.close();
  assert.ok(images);
  const tfjsLogits = tf.tidy(() => {
    const [logits] = loaded.network.apply(tf.tensor4d(images, [1, inputSize, inputSize, 3]), false);
    assert.ok(logits);
    return logits.dataSync<'float32'>();
  });
  loaded.network.dispose();
  assert.equal(tf.memory().numTensors, memoryBefore, 'no tensor left behind');

  // ONNX Runtime reads NCHW, as classes.json says.
  const nchw = new Float32Array(images.length);
  const pixels = inputSize * inputSize;
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < 3; channel++)
      nchw[channel * pixels + pixel] = images[pixel * 3 + channel] ?? 0;
  }
  const session = await ort.InferenceSession.create(path.join(dir, 'export/best.onnx'));
  const results = await session.run({
    images: new ort.Tensor('float32', nchw, [1, 3, inputSize, inputSize]),
  });
  const ortLogits = results.logits?.data as Float32Array;
  await session.release();
  const argmax = (values: ArrayLike<number>) =>
    Array.from(values).reduce(
      (best, value, index, all) => (value > (all[best] ?? -Infinity) ? index : best),
      0,
    );
  return { tfjs: argmax(tfjsLogits), onnxRuntime: argmax(ortLogits), image: item.ref };
}

describe('export at the end of a run (app_state options.export)', () => {
  it('exports a classification run to ONNX as it finalises', async () => {
    const dir = await train({ options: { export: { ONNXRuntime: true } } }, 'onnx.app_state.json');
    const info = infoOf(dir);
    assert.equal(info.finalize_steps.export?.status, 'done');
    assert.equal(info.export.ONNXRuntime, 'export/best.onnx');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'export')).sort(), ['best.onnx', 'classes.json']);
    const manifest = manifestOf(dir);
    assert.equal(manifest.checkpoint, 'best.json');
    assert.deepEqual(manifest.files, { ONNXRuntime: 'best.onnx' });
    assert.ok((manifest.onnx?.max_abs_diff ?? 1) <= 1e-4);
    assert.match(
      fs.readFileSync(path.join(dir, 'logs/train.log'), 'utf8'),
      /ONNX Runtime matches tfjs on \d+ val image/,
    );
  });

  it(
    'exports a detection run, and records why TensorRT was not built',
    { skip: !noTrtexecHere },
    async () => {
      const dir = await train(
        {
          input: { project: 'data/objects/supervisely' },
          classes: ['square', 'triangle', 'donut'],
          model: { source: 'Pretrained models', model_name: 'CenterNet-S' },
          options: { model_benchmark: { enable: false }, export: { ONNXRuntime: true, TensorRT: true } },
        },
        'detection.app_state.json',
      );
      const info = infoOf(dir);
      assert.equal(info.finalize_steps.export?.status, 'done');
      assert.deepEqual(info.export, { ONNXRuntime: 'export/best.onnx' });
      const manifest = manifestOf(dir);
      assert.equal(manifest.task, 'object detection');
      assert.deepEqual(
        manifest.outputs.map((output) => output.name),
        ['heatmap_logits', 'size', 'offset'],
      );
      assert.deepEqual(
        manifest.classes.map((entry) => entry.name),
        ['square', 'donut', 'triangle'],
      );
      assert.ok(manifest.classes.every((entry) => /^#[0-9A-F]{6}$/i.test(entry.color)));
      assert.match(manifest.decode.join('\n'), /`heatmap_logits`[^]*`offset`\[0\][^]*IoU 0\.6/);
      console.log(
        `CenterNet-S: best.onnx ${String(fs.statSync(path.join(dir, 'export/best.onnx')).size)} bytes, max |ONNX Runtime − tfjs| ${String(manifest.onnx?.max_abs_diff)} on ${String(manifest.onnx?.parity_images)} images`,
      );
      assert.match(
        fs.readFileSync(path.join(dir, 'logs/train.log'), 'utf8'),
        /Export skipped, tensorrt: trtexec is not on PATH/,
      );
    },
  );

  it(
    'records the export step as skipped, with the reason, when only TensorRT was asked and there is no trtexec',
    {
      skip: !noTrtexecHere,
    },
    async () => {
      const dir = await train(
        {
          hyperparameters: 'epochs: 1\nbatch_size: 4\ninput_size: 32\ncheckpoint_freq: 1\nseed: 11\n',
          options: { model_benchmark: { enable: false }, export: { TensorRT: true } },
        },
        'tensorrt.app_state.json',
      );
      const info = infoOf(dir);
      assert.equal(info.status, 'completed');
      assert.equal(info.finalize_steps.export?.status, 'skipped');
      assert.match(
        info.finalize_steps.export.message ?? '',
        /^tensorrt: trtexec is not on PATH: install TensorRT/,
      );
      assert.deepEqual(info.export, {});
      assert.ok(!fs.existsSync(path.join(dir, 'export')));
    },
  );
});

describe('train-studio export', () => {
  let run: string;
  before(async () => {
    run = await train({}, 'plain.app_state.json');
  });

  it('exports the best checkpoint to ONNX, checked against tfjs, with classes.json', async () => {
    assert.ok(!fs.existsSync(path.join(run, 'export')), 'the run itself exported nothing');
    const { code, stdout, stderr } = await cli(['export', run, '--format', 'onnx']);
    assert.equal(code, 0, stderr);
    const onnxFile = path.join(run, 'export/best.onnx');
    const manifestFile = path.join(run, 'export/classes.json');
    assert.match(stdout, new RegExp(`^Exported best\\.json of ${run}:$`, 'm'));
    assert.match(stdout, new RegExp(`^  ${onnxFile}  \\(\\d+(\\.\\d)? kB\\)$`, 'm'));
    assert.match(stdout, new RegExp(`^  ${manifestFile}  \\(\\d+(\\.\\d)? kB\\)$`, 'm'));
    const parity =
      /^ONNX Runtime matches tfjs: max \|difference\| (\S+) ≤ 1e-4 on (\d+) val image\(s\) \(tfjs backend wasm\)\.$/m.exec(
        stdout,
      );
    assert.ok(parity, stdout);
    const manifest = manifestOf(run);
    assert.equal(Number(parity[2]), manifest.onnx?.parity_images);
    assert.ok(Number(parity[1]) <= 1e-4 && (manifest.onnx?.max_abs_diff ?? 1) <= 1e-4);
    assert.deepEqual(manifest.onnx && { ...manifest.onnx, max_abs_diff: 0 }, {
      opset: 17,
      ir_version: 8,
      max_abs_diff: 0,
      tolerance: 1e-4,
      parity_images: Number(parity[2]),
      tfjs_backend: 'wasm',
    });
    assert.equal(manifest.task, 'classification');
    assert.deepEqual(
      manifest.classes.map((entry) => entry.name),
      ['disc', 'ring', 'square', 'triangle'],
    );
    assert.deepEqual(manifest.input.shape, ['batch', 3, 32, 32]);
    assert.deepEqual(
      manifest.outputs.map((output) => [output.name, output.shape]),
      [['logits', ['batch', 4]]],
    );
    assert.equal(infoOf(run).export.ONNXRuntime, 'export/best.onnx');
    assert.ok(!fs.readdirSync(run).some((name) => name.startsWith('.export-')), 'no staging folder is left');
    console.log(
      `Classifier-S: best.onnx ${String(fs.statSync(onnxFile).size)} bytes, classes.json ${String(fs.statSync(manifestFile).size)} bytes, max |ONNX Runtime − tfjs| ${parity[1] ?? ''} on ${parity[2] ?? ''} images`,
    );
  });

  it('gives the class tfjs gives, when ONNX Runtime runs the exported file on a val image', async () => {
    const top = await topClasses(run);
    assert.equal(top.onnxRuntime, top.tfjs, `image ${top.image}`);
  });

  it(
    'exports ONNX and says plainly that TensorRT needs trtexec, when both are asked',
    { skip: !noTrtexecHere },
    async () => {
      const { code, stdout, stderr } = await cli(['export', run, '--format', 'onnx', '--format', 'tensorrt']);
      assert.equal(code, 0, stderr);
      assert.match(
        stderr,
        /^train-studio export: Not exported to TensorRT: trtexec is not on PATH: install TensorRT/m,
      );
      assert.match(stdout, /best\.onnx/);
      assert.equal(infoOf(run).export.TensorRT, undefined);
    },
  );

  it(
    'fails, writing nothing, when TensorRT alone is asked and trtexec is not on PATH',
    { skip: !noTrtexecHere },
    async () => {
      await assertFailsCleanly(
        run,
        ['--format', 'tensorrt'],
        /Not exported to TensorRT: trtexec is not on PATH/,
      );
    },
  );

  it(
    'says trtexec is missing before reading the dataset, when TensorRT alone is asked',
    { skip: !noTrtexecHere },
    async () => {
      // Its project is an empty folder now: reading the dataset would fail.
      const copy = copyExperiment(run, '92_dataset_gone');
      fs.mkdirSync(path.join(copy, 'empty_project'));
      const appState = path.join(copy, 'app_state.json');
      const state = readJson(appState) as { input: { project: string } };
      fs.writeFileSync(
        appState,
        JSON.stringify({ ...state, input: { ...state.input, project: 'empty_project' } }),
      );
      await assertFailsCleanly(
        copy,
        ['--format', 'tensorrt'],
        /^train-studio export: Not exported to TensorRT: trtexec is not on PATH/m,
      );
    },
  );

  it('fails with trtexec’s last lines, writing nothing, when trtexec fails', async () => {
    // The fake trtexec stands in for TensorRT's, which no test machine has: it fails as a real one would.
    const PATH = fakeTrtexec(
      'trtexec-fails',
      'echo "[I] parsing the model"\necho "[E] Error[4]: no GPU found" >&2\nexit 1',
    );
    await assertFailsCleanly(
      run,
      ['--format', 'tensorrt'],
      /trtexec could not build a TensorRT engine from the ONNX export of best\.json: it exited with code 1\. Its last lines:\n\[I\] parsing the model\n\[E\] Error\[4\]: no GPU found/,
      { PATH },
    );
  });

  it('builds a TensorRT engine with trtexec and records it', async () => {
    // The fake trtexec stands in for TensorRT's, which no test machine has: it checks the arguments a real
    // one needs and writes the engine file where --saveEngine says.
    const PATH = fakeTrtexec(
      'trtexec-succeeds',
      [
        'case "$*" in *--onnx=*best.onnx*--minShapes=images:1x3x32x32*--optShapes=images:8x3x32x32*--maxShapes=images:32x3x32x32*) ;; *) echo "bad arguments: $*" >&2; exit 2;; esac',
        'for arg in "$@"; do case "$arg" in --saveEngine=*) printf "fake engine" > "${arg#--saveEngine=}";; esac; done',
        'echo "&&&& PASSED TensorRT.trtexec"',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await cli(['export', run, '--format', 'tensorrt'], { PATH });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /trtexec: &&&& PASSED TensorRT\.trtexec/);
    assert.match(stdout, new RegExp(`^  ${path.join(run, 'export/best.engine')}  \\(11 B\\)$`, 'm'));
    assert.equal(fs.readFileSync(path.join(run, 'export/best.engine'), 'utf8'), 'fake engine');
    const info = infoOf(run);
    assert.deepEqual(info.export, { ONNXRuntime: 'export/best.onnx', TensorRT: 'export/best.engine' });
    assert.deepEqual(manifestOf(run).files, { ONNXRuntime: 'best.onnx', TensorRT: 'best.engine' });
  });

  it('stops on SIGINT (the editor’s Cancel), killing trtexec and leaving the folder as it was', async () => {
    const pidFile = path.join(workspace.dir, 'trtexec-slow.pids');
    const PATH = fakeTrtexec('trtexec-slow', slowTrtexecBody(pidFile));
    const before = folderSnapshot(run);
    const exporting = cliProcess(['export', run, '--format', 'tensorrt'], { PATH });
    const pids = await Promise.race([
      slowTrtexecPids(pidFile),
      exporting.exited.then(({ stderr }) =>
        assert.fail(`the export ended before trtexec started:\n${stderr}`),
      ),
    ]);
    exporting.child.kill('SIGINT');
    const { code, stdout, stderr } = await exporting.exited;
    assert.equal(code, 1, stderr);
    assert.match(
      stderr,
      /^train-studio export: The export of best\.json was stopped \(SIGINT received\); nothing was written\.$/m,
    );
    assertNoStackTrace(stderr);
    assert.equal(stdout, '');
    assert.deepEqual(folderSnapshot(run), before, 'no staging folder, lock or engine is left');
    for (const pid of pids) assert.ok(!isRunning(pid), `trtexec's process ${String(pid)} was left running`);
  });

  it('fails cleanly on a checkpoint the experiment does not have', async () => {
    await assertFailsCleanly(
      run,
      ['--format', 'onnx', '--checkpoint', 'epoch_9.json'],
      /There is no checkpoint epoch_9\.json in .*checkpoints\.\n {2}It has best\.json, last\.json, epoch_3\.json, epoch_2\.json, epoch_1\.json: name one of them\./,
    );
    await assertFailsCleanly(
      run,
      ['--format', 'onnx', '--checkpoint', '../app_state.json'],
      /'\.\.\/app_state\.json' is not the file name of a checkpoint/,
    );
  });

  it('fails cleanly on a damaged checkpoint', async () => {
    const copy = copyExperiment(run, '90_damaged');
    const sidecar = readJson(path.join(copy, 'checkpoints/best.json')) as { tensorFile: { file: string } };
    const weights = path.join(copy, 'checkpoints', sidecar.tensorFile.file);
    const bytes = fs.readFileSync(weights);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    fs.writeFileSync(weights, bytes);
    await assertFailsCleanly(copy, ['--format', 'onnx'], /Cannot export the checkpoint .*best\.json: /);
  });

  it('fails cleanly on an experiment without checkpoints', async () => {
    const copy = copyExperiment(run, '91_no_checkpoints');
    fs.rmSync(path.join(copy, 'checkpoints'), { recursive: true });
    await assertFailsCleanly(
      copy,
      ['--format', 'onnx'],
      /91_no_checkpoints has no checkpoints to export\.\n {2}A run saves/,
    );
  });

  it('checks parity on fixed noise when there are no val images, and says so', async () => {
    // In this process, as finalise runs it: recordExport with the val images a run without a val split has.
    await selectBackend({ only: TEST_BACKENDS });
    const tensorsBefore = tf.memory().numTensors;
    const lines: string[] = [];
    const session = new ExperimentSession({
      experimentDir: run,
      runId: path.basename(run),
      tensorboard: false,
      onHumanLine: (line) => lines.push(line),
    });
    try {
      const outcome = await recordExport(session, {
        formats: ['onnx'],
        checkpoint: 'last.json',
        parityItems: [],
        device: null,
        searchDirectories: [],
        backends: TEST_BACKENDS,
      });
      assert.deepEqual(outcome.files, { ONNXRuntime: 'export/last.onnx' });
      assert.deepEqual(outcome.parity, { images: 2, synthetic: true, tfjsBackend: 'wasm' });
      assert.ok((outcome.maxAbsDiff ?? 1) <= 1e-4);
    } finally {
      session.close();
    }
    assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left behind');
    const warning = 'no val images: ONNX Runtime is checked against tfjs on 2 images of fixed noise';
    assert.ok(
      lines.some((line) => line.includes(warning)),
      lines.join('\n'),
    );
    const manifest = manifestOf(run);
    assert.equal(manifest.checkpoint, 'last.json');
    assert.deepEqual(
      manifest.files,
      { ONNXRuntime: 'last.onnx' },
      'the files of another checkpoint are not listed',
    );
    assert.equal(manifest.onnx?.parity_images, 2);
    assert.ok(fs.existsSync(path.join(run, 'export/best.engine')), 'an earlier export stays');
  });

  it('tells bad usage apart, with exit code 2', async () => {
    const missing = await cli(['export', run]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /^train-studio export: name a format: --format onnx or --format tensorrt\.$/m,
    );
    const unknown = await cli(['export', run, '--format', 'coreml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown format 'coreml' \(onnx or tensorrt\)/);
  });
});

describe('train-studio export of a custom framework', () => {
  const appStateFor = (framework: string, options: Record<string, unknown> = {}) =>
    workspace.frameworkAppState(framework, { options });

  let exporting: string;
  before(async () => {
    const { code, stdout, stderr } = await cli([
      'train',
      '--app-state',
      appStateFor('exports-onnx', { export: { ONNXRuntime: true } }),
    ]);
    assert.equal(code, 0, stderr);
    exporting = experimentDirOf(stdout);
  });

  it("exports at the end of the run with the module's exportOnnx", () => {
    const info = infoOf(exporting);
    assert.equal(info.finalize_steps.export?.status, 'done');
    assert.equal(info.export.ONNXRuntime, 'export/last.onnx');
    const model = readJson(path.join(exporting, 'export/last.onnx'));
    assert.equal(model.format, 'fake-onnx');
    assert.deepEqual(model.classes, ['square', 'triangle']);
  });

  it("exports again from the CLI with the module's exportOnnx", async () => {
    const { code, stdout, stderr } = await cli([
      'export',
      exporting,
      '--format',
      'onnx',
      '--checkpoint',
      'epoch_1.json',
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^  ${path.join(exporting, 'export/epoch_1.onnx')}  \\(\\d+ B\\)$`, 'm'));
    assert.doesNotMatch(stdout, /ONNX Runtime/, 'a framework’s own export is not checked against tfjs');
    assert.equal(infoOf(exporting).export.ONNXRuntime, 'export/epoch_1.onnx');
  });

  it('fails cleanly when exportOnnx returns a file outside the folder it was given', async () => {
    await assertFailsCleanly(
      exporting,
      ['--format', 'onnx'],
      /fake-export exportOnnx\(\) returned .*model\.onnx, which is not inside the folder it was given/,
      { FAKE_EXPORT: 'outside' },
    );
  });

  it('fails cleanly when exportOnnx throws, its stack in the run log only', async () => {
    await assertFailsCleanly(
      exporting,
      ['--format', 'onnx'],
      /fake-export exportOnnx\(\) failed: the fake exporter cannot export this checkpoint\n {2}The stack trace is in logs\/train\.log/,
      { FAKE_EXPORT: 'throws' },
    );
    assert.match(fs.readFileSync(path.join(exporting, 'logs/train.log'), 'utf8'), /^\s+at exportOnnx /m);
  });

  it('fails cleanly when the framework has no exportOnnx', async () => {
    const { code, stdout, stderr } = await cli(['train', '--app-state', appStateFor('js-module')]);
    assert.equal(code, 0, stderr);
    await assertFailsCleanly(
      experimentDirOf(stdout),
      ['--format', 'onnx'],
      /^train-studio export: Not exported to ONNX: fake-js exports no exportOnnx function\.$/m,
    );
  });
});
