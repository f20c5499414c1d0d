import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { readImageSize } from '../../src/data/imageSize';
import type { DatasetItem, Mask } from '../../src/data/model';
import { readSupervisely } from '../../src/data/readers';
import { decodeRle } from '../../src/data/rle';
import { readCheckpoint } from '../../src/engine/checkpoint';
import { StopController } from '../../src/engine/train';
import { predictWithExperiment } from '../../src/trainapp/predict';
import type { PredictRequest } from '../../src/trainapp/predict';
import { RunError } from '../../src/trainapp/runError';
import { TEST_BACKENDS } from './support';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, readJson } from './workspace';

// `train-studio predict` end to end, through the real CLI in its own process, on checkpoints of real quick
// trainings of each task: what it writes reads back through our own readers and scorers, and every way it
// can be refused says so once, with the right exit code, and writes nothing.

const OBJECT_CLASSES = ['square', 'triangle', 'donut', 'blob'];
const SHAPE_CLASSES = ['disc', 'ring', 'square', 'triangle'];

let workspace: Workspace;
const experiments = { classification: '', detection: '', segmentation: '' };

async function train(appState: string): Promise<string> {
  const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', appState]).exited;
  assert.equal(code, 0, stderr);
  return experimentDirOf(stdout);
}

const objectsRun = (model: string) =>
  workspace.appState(
    {
      input: { project: 'data/objects/supervisely' },
      classes: OBJECT_CLASSES,
      model: { source: 'Pretrained models', model_name: model },
    },
    `${model}.app_state.json`,
  );

before(async () => {
  workspace = createWorkspace('predict');
  experiments.classification = await train(workspace.appState());
  experiments.detection = await train(objectsRun('CenterNet-S'));
  experiments.segmentation = await train(objectsRun('UNet-S'));
});
after(() => {
  workspace.remove();
});

const inWorkspace = (relative: string) => path.join(workspace.dir, relative);
const COCO_IMAGES = 'data/objects/coco/images';

async function predict(args: readonly string[]) {
  return workspace.cli(['predict', ...args]).exited;
}

function assertNoStackTrace(text: string) {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${text}`);
}

/** Our Supervisely reader on the predictions: their meta.json and ann/ beside copies of the images. */
function readBack(outDir: string, images: readonly string[]): DatasetItem[] {
  const project = fs.mkdtempSync(path.join(workspace.dir, 'read-back-'));
  fs.copyFileSync(path.join(outDir, 'meta.json'), path.join(project, 'meta.json'));
  fs.cpSync(path.join(outDir, 'ann'), path.join(project, 'ds/ann'), { recursive: true });
  for (const image of images) fs.cpSync(image, path.join(project, 'ds/img', path.basename(image)));
  return [...readSupervisely(project).items];
}

const imagesIn = (folder: string) =>
  fs
    .readdirSync(inWorkspace(folder))
    .sort()
    .map((name) => inWorkspace(path.join(folder, name)));

describe('predict with a classification checkpoint', () => {
  const predictions = () => path.join(experiments.classification, 'predictions');

  it("tags each image of a folder with its class, says so per image, and writes into the experiment's predictions/", async () => {
    const { code, stdout, stderr } = await predict([experiments.classification, 'data/shapes/disc']);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n').filter((line) => line.includes(' → '));
    const reported = lines.map((line) => {
      const match = /^data\/shapes\/disc\/(\d{4}\.png) → (\w+) (\d\.\d\d)$/.exec(line);
      assert.ok(match, line);
      return { name: match[1], label: match[2], probability: Number(match[3]) };
    });
    assert.deepEqual(
      reported.map((line) => line.name),
      ['0000.png', '0001.png', '0002.png', '0003.png', '0004.png', '0005.png'],
    );
    assert.match(
      stdout,
      /^Predicted 6 image\(s\) with best\.json on \w+ in [\d.]+ s \([\d.]+ images\/s\)\.$/m,
    );
    assert.match(stdout, /^Written: .*predictions\/ann\/ \(6 files\), .*predictions\/meta\.json$/m);
    assert.deepEqual(
      fs.readdirSync(predictions()).sort(),
      ['ann', 'meta.json'],
      'nothing else, no staging left',
    );

    const items = readBack(predictions(), imagesIn('data/shapes/disc'));
    assert.equal(items.length, 6);
    for (const [index, item] of items.entries()) {
      const [tag, ...more] = item.tags;
      assert.equal(more.length, 0);
      assert.equal(tag?.name, reported[index]?.label);
      assert.ok(SHAPE_CLASSES.includes(tag?.name ?? ''));
      assert.equal(typeof tag?.value, 'number');
      assert.ok(Math.abs(Number(tag?.value) - (reported[index]?.probability ?? -1)) <= 0.0051);
      assert.deepEqual(item.objects, []);
    }
  });

  it('replaces the files of the images predicted again and keeps the others', async () => {
    const annotation = (name: string) => path.join(predictions(), 'ann', `${name}.json`);
    const before = fs.statSync(annotation('0001.png')).mtimeMs;
    const kept = fs.readFileSync(annotation('0002.png'), 'utf8');
    const { code, stderr } = await predict([
      experiments.classification,
      'data/shapes/square/0001.png',
      '--checkpoint',
      'last.json',
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(fs.readdirSync(path.join(predictions(), 'ann')).length, 6);
    assert.ok(fs.statSync(annotation('0001.png')).mtimeMs > before);
    assert.equal(fs.readFileSync(annotation('0002.png'), 'utf8'), kept);
  });

  it('refuses COCO results, which have no form for classes, as bad usage', async () => {
    const out = inWorkspace('refused/coco-classification');
    const { code, stderr } = await predict([
      experiments.classification,
      'data/shapes/disc',
      '--format',
      'coco',
      '--out',
      out,
    ]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^train-studio predict: COCO results have no form for classification; use --format supervisely/,
    );
    assert.match(stderr, /^Usage: train-studio predict/m);
    assert.ok(!fs.existsSync(out));
  });
});

describe('predict with a detection checkpoint', () => {
  const cocoOut = () => inWorkspace('out/detection-coco');

  it('writes COCO results inside their images, with an image list that eval-coco scores against ground truth', async () => {
    const { code, stdout, stderr } = await predict([
      experiments.detection,
      COCO_IMAGES,
      '--format',
      'coco',
      '--threshold',
      '0.01',
      '--draw',
      '--out',
      cocoOut(),
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^data\/objects\/coco\/images\/train_a_000\.png → (\d+ box(es)?: .*|no boxes)$/m);
    const listing = readJson(path.join(cocoOut(), 'images.coco.json')) as {
      images: { id: number; file_name: string; width: number; height: number }[];
      categories: { id: number; name: string }[];
    };
    assert.deepEqual(listing.categories.map((category) => category.name).sort(), [...OBJECT_CLASSES].sort());
    assert.equal(listing.images.length, 12);
    const sizes = new Map(listing.images.map((image) => [image.id, image]));
    for (const image of listing.images) {
      const file = path.resolve(cocoOut(), image.file_name);
      assert.deepEqual(readImageSize(file), { width: image.width, height: image.height });
    }
    const results = JSON.parse(fs.readFileSync(path.join(cocoOut(), 'predictions.coco.json'), 'utf8')) as {
      image_id: number;
      category_id: number;
      bbox: [number, number, number, number];
      score: number;
    }[];
    assert.ok(results.length > 0, 'no box scored 0.01');
    for (const { image_id, category_id, bbox, score } of results) {
      const image = sizes.get(image_id);
      assert.ok(image, `unknown image ${String(image_id)}`);
      assert.ok(category_id >= 1 && category_id <= OBJECT_CLASSES.length);
      assert.ok(score >= 0.01 && score <= 1);
      const [x, y, w, h] = bbox;
      assert.ok(x >= 0 && y >= 0 && w > 0 && h > 0, JSON.stringify(bbox));
      assert.ok(
        x + w <= image.width + 1e-9 && y + h <= image.height + 1e-9,
        `${JSON.stringify(bbox)} leaves the image`,
      );
    }

    // The fixture's own COCO ground truth, renumbered to the predictions' image and category ids.
    const truth = readJson(inWorkspace('data/objects/coco/annotations.json')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number; category_id: number }[];
      categories: { id: number; name: string }[];
    };
    const imageIds = new Map(listing.images.map((image) => [path.basename(image.file_name), image.id]));
    const truthImage = new Map(
      truth.images.map((image) => [image.id, imageIds.get(path.basename(image.file_name))]),
    );
    const categoryIds = new Map(listing.categories.map((category) => [category.name, category.id]));
    const truthCategory = new Map(
      truth.categories.map((category) => [category.id, categoryIds.get(category.name)]),
    );
    const groundTruth = {
      images: listing.images,
      categories: listing.categories,
      annotations: truth.annotations
        .filter((annotation) => truthCategory.get(annotation.category_id) !== undefined)
        .map((annotation) => ({
          ...annotation,
          image_id: truthImage.get(annotation.image_id),
          category_id: truthCategory.get(annotation.category_id),
        })),
    };
    const truthFile = workspace.write('out/detection-truth.json', groundTruth);
    const scored = await workspace.cli([
      'eval-coco',
      truthFile,
      path.join(cocoOut(), 'predictions.coco.json'),
    ]).exited;
    assert.equal(scored.code, 0, scored.stderr);
    const stats = JSON.parse(scored.stdout) as number[];
    assert.equal(stats.length, 12);
    assert.ok((stats[0] ?? -1) >= 0 && (stats[0] ?? 2) <= 1, `AP ${String(stats[0])}`);
  });

  it('draws every image as a JPEG of its own size', async () => {
    const drawn = path.join(cocoOut(), 'drawn');
    const names = fs.readdirSync(drawn).sort();
    assert.deepEqual(
      names,
      fs
        .readdirSync(inWorkspace(COCO_IMAGES))
        .sort()
        .map((name) => `${name}.jpg`),
    );
    for (const name of names) {
      const metadata = await sharp(path.join(drawn, name)).metadata();
      assert.equal(metadata.format, 'jpeg');
      assert.deepEqual(
        { width: metadata.width, height: metadata.height },
        readImageSize(inWorkspace(path.join(COCO_IMAGES, path.basename(name, '.jpg')))),
      );
    }
  });

  it('writes rectangles tagged with their confidence, which read back', async () => {
    const out = inWorkspace('out/detection-supervisely');
    const { code, stderr } = await predict([
      experiments.detection,
      COCO_IMAGES,
      '--threshold',
      '0.05',
      '--out',
      out,
    ]);
    assert.equal(code, 0, stderr);
    const items = readBack(out, imagesIn(COCO_IMAGES));
    const objects = items.flatMap((item) => item.objects);
    assert.ok(objects.length > 0, 'no box scored 0.05');
    for (const object of objects) {
      assert.equal(object.geometry.type, 'rectangle');
      assert.ok(OBJECT_CLASSES.includes(object.classTitle));
      const [confidence, ...more] = object.tags;
      assert.equal(more.length, 0);
      assert.equal(confidence?.name, 'confidence');
      assert.ok(Number(confidence.value) >= 0.05 && Number(confidence.value) <= 1);
    }
  });
});

describe('predict with a segmentation checkpoint', () => {
  it('writes one bitmap per class that reads back at the image size, the same pixels as its COCO masks', async () => {
    const supervisely = inWorkspace('out/segmentation-supervisely');
    const coco = inWorkspace('out/segmentation-coco');
    for (const args of [
      ['--out', supervisely],
      ['--format', 'coco', '--out', coco],
    ]) {
      const { code, stderr } = await predict([experiments.segmentation, COCO_IMAGES, ...args]);
      assert.equal(code, 0, stderr);
    }
    const listing = readJson(path.join(coco, 'images.coco.json')) as {
      images: { id: number; file_name: string }[];
      categories: { id: number; name: string }[];
    };
    const results = JSON.parse(fs.readFileSync(path.join(coco, 'predictions.coco.json'), 'utf8')) as {
      image_id: number;
      category_id: number;
      segmentation: { size: [number, number]; counts: string };
      score: number;
    }[];
    const items = readBack(supervisely, imagesIn(COCO_IMAGES));
    assert.equal(items.length, 12);
    let bitmaps = 0;
    for (const item of items) {
      assert.deepEqual({ width: item.width, height: item.height }, readImageSize(item.imagePath));
      const id = listing.images.find((image) => path.basename(image.file_name) === item.name)?.id;
      assert.ok(id !== undefined, `${item.name}: not among the COCO images`);
      const masks = results.filter((result) => result.image_id === id);
      assert.equal(item.objects.length, masks.length, item.name);
      for (const object of item.objects) {
        assert.equal(object.geometry.type, 'bitmap');
        bitmaps += 1;
        const category = listing.categories.find((entry) => entry.name === object.classTitle)?.id;
        const result = masks.find((mask) => mask.category_id === category);
        assert.ok(result, `${item.name}: no COCO mask for ${object.classTitle}`);
        assert.equal(result.score, 1);
        assert.deepEqual(
          placed(object.geometry.origin, object.geometry.mask, item),
          decodeRle(result.segmentation),
        );
      }
    }
    assert.ok(bitmaps > 0, 'no class predicted anywhere');
  });
});

/** A cropped bitmap painted into a whole-image mask. */
function placed(
  origin: readonly [number, number],
  mask: Mask,
  image: { width: number; height: number },
): Mask {
  const data = new Uint8Array(image.width * image.height);
  const [left, top] = origin;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++)
      data[(top + y) * image.width + left + x] = mask.data[y * mask.width + x] ?? 0;
  }
  return { width: image.width, height: image.height, data };
}

describe('what predict refuses, with one message and nothing written', () => {
  const refused = (name: string) => inWorkspace(path.join('refused', name));

  async function assertRefused(
    args: readonly string[],
    expected: { code: number; message: RegExp; out: string },
  ) {
    const { code, stdout, stderr } = await predict([...args, '--out', expected.out]);
    assert.equal(code, expected.code, stderr);
    assert.match(stderr, expected.message);
    assertNoStackTrace(stderr);
    assert.doesNotMatch(stdout, /^Written:/m);
    assert.ok(!fs.existsSync(expected.out), `${expected.out} was written`);
  }

  /** A copy of the classification experiment to damage. */
  function copyOfExperiment(name: string): string {
    const copy = inWorkspace(path.join('experiments/copies', name));
    fs.cpSync(experiments.classification, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'predictions'), { recursive: true, force: true });
    return copy;
  }

  it('a missing image', async () => {
    await assertRefused([experiments.classification, 'data/shapes/disc', 'data/shapes/nope.png'], {
      code: 1,
      message:
        /^train-studio predict: There is no image or folder .*data\/shapes\/nope\.png\.\n {2}Check the path\.$/m,
      out: refused('missing'),
    });
  });

  it('a file that is not an image, by its name or by its contents', async () => {
    workspace.write('files/notes.txt', 'notes');
    workspace.write('files/fake.png', 'not a PNG');
    await assertRefused([experiments.classification, 'files/notes.txt'], {
      code: 1,
      message: /notes\.txt is not an image file: Train Studio predicts on \.png, \.jpg/,
      out: refused('text'),
    });
    await assertRefused([experiments.classification, 'files/fake.png'], {
      code: 1,
      message: /fake\.png is not a readable image/,
      out: refused('fake'),
    });
  });

  it('an image that cannot be decoded, after others were predicted', async () => {
    const bytes = fs.readFileSync(inWorkspace('data/shapes/ring/0003.png'));
    const truncated = workspace.write('files/truncated.png', '');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assertRefused(
      [experiments.classification, 'data/shapes/disc', truncated, '--batch-size', '1', '--draw'],
      {
        code: 1,
        message: /^train-studio predict: Cannot predict on .*truncated\.png: cannot decode the image/m,
        out: refused('truncated'),
      },
    );
  });

  it('an experiment without checkpoints', async () => {
    const copy = copyOfExperiment('no-checkpoints');
    fs.rmSync(path.join(copy, 'checkpoints'), { recursive: true });
    const info = readJson(path.join(copy, 'experiment_info.json'));
    workspace.write(path.relative(workspace.dir, path.join(copy, 'experiment_info.json')), {
      ...info,
      checkpoints: [],
      best_checkpoint: null,
    });
    await assertRefused([copy, 'data/shapes/disc'], {
      code: 1,
      message: /^train-studio predict: .*no-checkpoints has no checkpoints to predict with\.$/m,
      out: refused('no-checkpoints'),
    });
  });

  it('a checkpoint the experiment does not have, listing those it has', async () => {
    await assertRefused([experiments.classification, 'data/shapes/disc', '--checkpoint', 'epoch_99.json'], {
      code: 1,
      message:
        /There is no checkpoint epoch_99\.json in .*checkpoints\.\n {2}It has best\.json, last\.json, .*epoch_1\.json: name one of them\.$/m,
      out: refused('unknown-checkpoint'),
    });
  });

  it('a corrupt checkpoint', async () => {
    const copy = copyOfExperiment('corrupt');
    const sidecar = path.join(copy, 'checkpoints/best.json');
    const tensors = path.join(copy, 'checkpoints', readCheckpoint(sidecar).sidecar.tensorFile.file);
    const bytes = fs.readFileSync(tensors);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    fs.writeFileSync(tensors, bytes);
    await assertRefused([copy, 'data/shapes/disc'], {
      code: 1,
      message:
        /^train-studio predict: Cannot predict with the checkpoint .*corrupt\/checkpoints\/best\.json: /m,
      out: refused('corrupt'),
    });
  });

  it('an experiment without its model_meta.json', async () => {
    const copy = copyOfExperiment('no-meta');
    fs.rmSync(path.join(copy, 'model_meta.json'));
    await assertRefused([copy, 'data/shapes/disc'], {
      code: 1,
      message: /model_meta\.json is missing or damaged/,
      out: refused('no-meta'),
    });
  });

  it('an output folder that cannot be made', async () => {
    const file = workspace.write('files/taken', 'a file, not a folder');
    const { code, stderr } = await predict([experiments.classification, 'data/shapes/disc', '--out', file]);
    assert.equal(code, 1);
    assert.match(stderr, /^train-studio predict: Cannot write the predictions into .*files\/taken: /m);
    assertNoStackTrace(stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), 'a file, not a folder');
  });

  it('a threshold outside 0..1, and other bad options, as bad usage', async () => {
    for (const [option, value, message] of [
      ['--threshold', '1.5', /--threshold must be a number from 0 to 1, not '1\.5'/],
      ['--threshold', 'high', /--threshold must be a number from 0 to 1, not 'high'/],
      ['--batch-size', '0', /--batch-size must be a whole number from 1 up, not '0'/],
      ['--format', 'voc', /--format must be supervisely or coco, not 'voc'/],
    ] as const) {
      await assertRefused([experiments.detection, COCO_IMAGES, option, value], {
        code: 2,
        message,
        out: refused(option),
      });
    }
  });

  it("a custom framework's experiment, whose models Train Studio cannot run", async () => {
    const appState = workspace.frameworkAppState('js-module', {
      hyperparameters: 'epochs: 1\nbatch_size: 2\nstep_ms: 1\n',
    });
    const { code, stderr } = await workspace.cli(['train', '--app-state', appState, '--events']).exited;
    assert.equal(code, 0, stderr);
    await assertRefused([experimentDirOf(stderr), COCO_IMAGES], {
      code: 1,
      message: /framework, and Train Studio cannot run its models, so it cannot predict with them\./,
      out: refused('custom'),
    });
  });
});

describe('predicting in process', () => {
  const request = (experimentDir: string, out: string): PredictRequest => ({
    experimentDir,
    inputs: [COCO_IMAGES],
    cwd: workspace.dir,
    format: 'supervisely',
    outDir: inWorkspace(out),
    draw: true,
    threshold: 0.01,
  });

  it('leaves no tensor behind, for any task', async () => {
    for (const [task, experimentDir] of Object.entries(experiments)) {
      const tensorsBefore = tf.memory().numTensors;
      const outcome = await predictWithExperiment(request(experimentDir, `out/in-process-${task}`), {
        searchDirectories: [workspace.dir],
        backends: TEST_BACKENDS,
      });
      assert.equal(tf.memory().numTensors, tensorsBefore, `${task}: tensors left after predicting`);
      assert.equal(outcome.images, 12);
      assert.equal(outcome.backend, 'wasm');
      assert.equal(outcome.files.filter((file) => file.startsWith('drawn/')).length, 12);
    }
  });

  it('writes nothing when asked to stop, and says so', async () => {
    const stop = new StopController();
    stop.requestStop('SIGINT received');
    const out = 'out/in-process-stopped';
    const tensorsBefore = tf.memory().numTensors;
    await assert.rejects(
      predictWithExperiment(request(experiments.detection, out), {
        searchDirectories: [workspace.dir],
        backends: TEST_BACKENDS,
        stop,
      }),
      (error: unknown) => {
        assert.ok(error instanceof RunError);
        assert.match(
          error.message,
          /^Prediction stopped \(SIGINT received\) before every image was done; nothing was written\.$/,
        );
        return true;
      },
    );
    assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors left after the stop');
    assert.ok(!fs.existsSync(inWorkspace(out)));
  });
});
