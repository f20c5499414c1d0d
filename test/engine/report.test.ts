import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { TrainerEvent } from '../../src/core/events';
import { ExperimentInfo, WorstPredictions } from '../../src/core/schemas';
import { readExperimentInfo } from '../../src/trainapp/experiments';
import { drawWorstGallery } from '../../src/trainapp/evaluation';
import { recordEvaluation } from '../../src/trainapp/run/recordEvaluation';
import { ExperimentSession } from '../../src/trainapp/run/experimentSession';
import { WorstImageCollector } from '../../src/metrics/worstPredictions';
import { launchChromium } from '../browser';
import {
  classificationJob,
  hyperparameters,
  recordTraining,
  TEST_BACKENDS,
  temporaryFolder,
  useShapesFolder,
} from './support';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, readJson } from './workspace';

// The evaluation report of real runs, through the real CLI: finalise draws the worst predictions and writes
// evaluation/report.html, `train-studio evaluate` writes both again, and the page opens in a real headless
// Chromium without a console error or a single request besides the page itself.

let workspace: Workspace;
let browser: Browser;
before(async () => {
  workspace = createWorkspace('report');
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  workspace.remove();
});

const evaluationPath = (dir: string, ...parts: string[]) => path.join(dir, 'evaluation', ...parts);

/** Trains from the app_state file, in its own process; the experiment folder. */
async function train(file: string): Promise<string> {
  const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', file]).exited;
  assert.equal(code, 0, stderr);
  return experimentDirOf(stdout);
}

/** worst_predictions.json, checked against its schema, with every drawn image decoded. */
async function checkedGallery(dir: string, images: number): Promise<WorstPredictions> {
  const worst = WorstPredictions.parse(readJson(evaluationPath(dir, 'worst_predictions.json')));
  assert.equal(worst.items.length, Math.min(12, images));
  assert.deepEqual(
    worst.items.map((item) => item.image),
    worst.items.map((_, rank) => `evaluation/worst/${String(rank + 1).padStart(2, '0')}.jpg`),
  );
  const scores = worst.items.map((item) => item.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => a - b),
    'worst first',
  );
  assert.deepEqual(
    fs.readdirSync(evaluationPath(dir, 'worst')).sort(),
    worst.items.map((item) => path.basename(item.image)),
  );
  for (const item of worst.items) {
    const metadata = await sharp(path.join(dir, item.image)).metadata();
    assert.equal(metadata.format, 'jpeg');
    assert.ok(Math.max(metadata.width, metadata.height) <= 320);
    assert.ok(item.note.length > 0);
  }
  return worst;
}

/** report.html: recorded in experiment_info, nothing it would load from elsewhere, every image inside it. */
function checkedReport(dir: string, gallery: WorstPredictions): string {
  const info = ExperimentInfo.parse(readJson(path.join(dir, 'experiment_info.json')));
  assert.equal(info.evaluation_report, 'evaluation/report.html');
  const html = fs.readFileSync(evaluationPath(dir, 'report.html'), 'utf8');
  assert.ok(!/https?:\/\//i.test(html), 'no http(s) URL');
  assert.ok(!/<script/i.test(html), 'no script');
  const images = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((match) => match[1] ?? '');
  assert.equal(images.length, gallery.items.length);
  for (const [rank, src] of images.entries()) {
    const bytes = fs.readFileSync(path.join(dir, gallery.items[rank]?.image ?? ''));
    assert.equal(src, `data:image/jpeg;base64,${bytes.toString('base64')}`);
  }
  return html;
}

interface PageVisit {
  readonly problems: readonly string[];
  /** Every request the page made, its own URL included. */
  readonly requests: readonly string[];
  readonly images: readonly { readonly complete: boolean; readonly width: number }[];
  readonly headings: readonly string[];
}

/** Opens the page offline in headless Chromium, as a user opens the file. */
async function visit(file: string): Promise<PageVisit> {
  const context = await browser.newContext({ offline: true });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // A string, evaluated in the page: the tests are compiled without the DOM's types.
    const images = await page.evaluate<PageVisit['images']>(
      '[...document.images].map((image) => ({ complete: image.complete, width: image.naturalWidth }))',
    );
    const headings = await page.locator('h2').allTextContents();
    return { problems, requests, images, headings };
  } finally {
    await context.close();
  }
}

async function assertRendersOffline(file: string, images: number): Promise<PageVisit> {
  const page = await visit(file);
  assert.deepEqual(page.problems, [], 'no console error or warning (a CSP violation would be one)');
  assert.deepEqual(page.requests, [pathToFileURL(file).href], 'no request but the page itself');
  assert.equal(page.images.length, images);
  for (const image of page.images) assert.ok(image.complete && image.width > 0, 'every image decodes');
  return page;
}

describe('the evaluation report of a classification run', () => {
  let runDir: string;
  let valSize: number;

  before(async () => {
    runDir = await train(workspace.appState({ experiment_name: 'classes' }, 'classes.app_state.json'));
    valSize = readExperimentInfo(runDir).val_size ?? 0;
  });

  it('finalise draws the worst val images and writes a self-contained report', async () => {
    const info = readExperimentInfo(runDir);
    assert.equal(info.finalize_steps.report?.status, 'done');
    const gallery = await checkedGallery(runDir, valSize);
    assert.equal(gallery.checkpoint, 'best.json');
    assert.equal(gallery.task, 'classification');
    assert.equal(gallery.criterion, 'probability given to the true class');
    for (const item of gallery.items) assert.match(item.note, /^truth \w+, predicted \w+ \(\d\.\d\d\)$/);
    const html = checkedReport(runDir, gallery);
    assert.match(html, /<section id="confusion"/);
    assert.match(html, /<section id="pr-curves"[\s\S]*?Not drawn for classification: PR curves/);
    assert.match(html, /<section id="calibration"/);
    assert.match(html, /No speed test yet: run <code>train-studio benchmark /);
  });

  it('renders in Chromium offline: no console error, no request, every image shown', async () => {
    const page = await assertRendersOffline(evaluationPath(runDir, 'report.html'), valSize);
    assert.deepEqual(page.headings, [
      'Metrics',
      'Per class',
      'Precision-recall curves',
      'Confusion matrix',
      'Calibration',
      'Speed test',
      'Worst predictions',
    ]);
  });

  it('train-studio evaluate draws the gallery again, replacing the old one whole, and rewrites the report', async () => {
    const stale = evaluationPath(runDir, 'worst', '99.jpg');
    fs.writeFileSync(stale, 'from an older evaluation');
    const { code, stdout, stderr } = await workspace.cli(['evaluate', runDir, '--checkpoint', 'last.json'])
      .exited;
    assert.equal(code, 0, stderr);
    assert.ok(stdout.includes(`Report: ${evaluationPath(runDir, 'report.html')}`), stdout);
    assert.match(stdout, /Written: .*worst_predictions\.json.*report\.html/);
    assert.ok(!fs.existsSync(stale), 'nothing of the old gallery stays');
    const gallery = await checkedGallery(runDir, valSize);
    assert.equal(gallery.checkpoint, 'last.json');
    const html = checkedReport(runDir, gallery);
    assert.match(html, /<dt>Checkpoint<\/dt><dd>last\.json<\/dd>/);
    assert.deepEqual(
      fs.readdirSync(evaluationPath(runDir)).filter((name) => name.startsWith('.') || name.endsWith('.tmp')),
      [],
      'no staging folder or temporary file is left',
    );
  });
});

describe('the evaluation report of a detection run', () => {
  let runDir: string;

  before(async () => {
    runDir = await train(
      workspace.write('boxes.app_state.json', {
        input: { project: 'data/objects/supervisely' },
        train_val_split: { method: 'random', percent: 70, seed: 3 },
        classes: ['square', 'triangle'],
        model: { source: 'Pretrained models', model_name: 'CenterNet-S' },
        hyperparameters: 'epochs: 2\nbatch_size: 4\ninput_size: 64\noptimizer: {lr: 0.003}\nseed: 11\n',
        options: { model_benchmark: { enable: true }, cache_project: false },
        experiment_name: 'boxes',
      }),
    );
  });

  it('judges boxes at the operating threshold, draws PR curves, and renders offline', async () => {
    const info = readExperimentInfo(runDir);
    const gallery = await checkedGallery(runDir, info.val_size ?? 0);
    assert.equal(gallery.task, 'object detection');
    assert.match(gallery.criterion, /^F1 at IoU 0\.5 of the boxes scoring at least \d\.\d\d$/);
    for (const item of gallery.items) {
      assert.match(item.note, /missed|false box|boxed as|found|nothing to find/);
      assert.ok(item.score >= 0 && item.score <= 1);
    }
    const html = checkedReport(runDir, gallery);
    assert.match(html, /<section id="pr-curves"/);
    assert.match(html, /<section id="confusion"[\s\S]*?Not computed for detection: boxes are matched/);
    const page = await assertRendersOffline(evaluationPath(runDir, 'report.html'), gallery.items.length);
    assert.ok(page.headings.includes('Precision-recall curves'));
  });
});

describe('a gallery that cannot be drawn', () => {
  const shapes = useShapesFolder('report-gallery');

  it('is left out with a warning, and the old one goes: the evaluation is recorded all the same', async () => {
    const experimentDir = shapes.newOutputDir();
    const { result } = await recordTraining(
      classificationJob(shapes.dataset, experimentDir, { hyperparameters: hyperparameters({ epochs: 1 }) }),
    );
    fs.writeFileSync(
      path.join(experimentDir, 'experiment_info.json'),
      JSON.stringify({
        experiment_name: 'gallery',
        framework_name: 'tfjs',
        project: 'shapes',
        status: 'completed',
      }),
    );
    const items = shapes.dataset.val;
    // Whole seconds, so that the files' versions (size and mtime) survive being written again below.
    for (const item of items) fs.utimesSync(item.imagePath, 1_700_000_000, 1_700_000_000);
    const cache = { dir: path.join(shapes.path, 'cache'), dataHash: 'gallery' };
    const request = {
      sidecarPath: path.join(experimentDir, result.bestCheckpoint ?? 'no best'),
      items,
      backends: TEST_BACKENDS,
      cache,
    };
    const warnings: string[] = [];
    const session = new ExperimentSession({
      experimentDir,
      runId: 'gallery',
      tensorboard: false,
      onEvent: (event: TrainerEvent) => {
        if (event.type === 'log' && event.level === 'warning') warnings.push(event.message);
      },
    });
    try {
      const first = await recordEvaluation(session, request);
      assert.ok(first.files.includes('evaluation/worst_predictions.json'));
      assert.equal(warnings.length, 0);
      // The pixels stay in the cache, so evaluation still sees the images; drawing reads the files.
      for (const item of items) {
        fs.writeFileSync(item.imagePath, Buffer.alloc(fs.statSync(item.imagePath).size, 'x'));
        fs.utimesSync(item.imagePath, 1_700_000_000, 1_700_000_000);
      }
      const second = await recordEvaluation(session, request);
      assert.deepEqual(second.files, [
        'evaluation/metrics.json',
        'evaluation/confusion_matrix.json',
        'evaluation/calibration.json',
      ]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /^The gallery of worst predictions was left out: .+/);
      assert.deepEqual(fs.readdirSync(evaluationPath(experimentDir)).sort(), [
        'calibration.json',
        'confusion_matrix.json',
        'metrics.json',
      ]);
      assert.equal(readExperimentInfo(experimentDir).evaluation_checkpoint, 'best.json');
    } finally {
      session.close();
    }
  });

  it('leaves no staging folder behind when an image is not among the evaluated items', async () => {
    const experimentDir = temporaryFolder('report-staging');
    const collector = new WorstImageCollector();
    collector.add({
      ref: 'elsewhere/1.png',
      prediction: { task: 'classification', scores: Float32Array.from([1, 0]) },
      truth: { task: 'classification', classIndex: 1 },
    });
    const worst = collector.worst(['a', 'b'], {});
    assert.ok(worst);
    await assert.rejects(
      drawWorstGallery(experimentDir, { checkpoint: 'best.json', classes: ['a', 'b'], worst, items: [] }),
      /elsewhere\/1\.png is not among the evaluated items/,
    );
    assert.deepEqual(fs.readdirSync(evaluationPath(experimentDir)), []);
    fs.rmSync(experimentDir, { recursive: true, force: true });
  });
});
