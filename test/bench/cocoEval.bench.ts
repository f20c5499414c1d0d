// COCO box evaluation at COCO val2017 scale: 5,000 images, 80 categories, about 7 truths and 30-100
// detections per image, generated once under the temp folder. Ours (`train-studio eval-coco`'s code path,
// and the training loop's evaluate() with its extra metrics) against pycocotools' COCOeval on the same
// files, when PYCOCOTOOLS_PATH names a folder holding an importable pycocotools package (see
// tools/coco-goldens/README.md). Prints figures; never fails on timing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluate, evaluateCoco, readCocoDetections, readCocoGroundTruth } from '../../src/metrics';
import { writeFileAtomic } from '../../src/data/atomicWrite';
import { createRandom } from '../fixtures/random';
import { asPredictions, type CocoDetectionJson, type CocoGroundTruthJson } from '../unit/metrics/cocoGoldens';
import { peakRssMiB, report, time } from './measure';

const DATA_DIR = path.join(os.tmpdir(), 'train-studio-bench-coco-eval-v1');
const TRUTH_FILE = path.join(DATA_DIR, 'instances.json');
const RESULTS_FILE = path.join(DATA_DIR, 'detections.json');
const IMAGES = 5000;
const CATEGORIES = 80;
const WIDTH = 640;
const HEIGHT = 480;

type Bbox = [number, number, number, number];
const round2 = (value: number) => Math.round(value * 100) / 100;

function generate(): void {
  const generator = createRandom(2017);
  const random = () => generator.next();
  const between = (low: number, high: number) => low + random() * (high - low);
  const pick = (count: number) => Math.floor(random() * count);
  // COCO's mix: about 41% small, 34% medium, 24% large objects.
  const box = (): Bbox => {
    const roll = random();
    const side = roll < 0.41 ? between(4, 31) : roll < 0.75 ? between(33, 95) : between(97, 400);
    const aspect = between(0.5, 2);
    const width = Math.min(side * Math.sqrt(aspect), WIDTH);
    const height = Math.min(side / Math.sqrt(aspect), HEIGHT);
    return [
      round2(between(0, WIDTH - width)),
      round2(between(0, HEIGHT - height)),
      round2(width),
      round2(height),
    ];
  };
  const near = ([x, y, width, height]: Bbox, spread: number): Bbox => [
    round2(x + (random() - 0.5) * spread * width),
    round2(y + (random() - 0.5) * spread * height),
    round2(width * (1 + (random() - 0.5) * spread)),
    round2(height * (1 + (random() - 0.5) * spread)),
  ];
  const images = Array.from({ length: IMAGES }, (_, index) => ({
    id: index + 1,
    width: WIDTH,
    height: HEIGHT,
    file_name: `${index + 1}.jpg`,
  }));
  const categories = Array.from({ length: CATEGORIES }, (_, index) => ({
    id: index + 1,
    name: `class${index + 1}`,
  }));
  const annotations: object[] = [];
  const detections: object[] = [];
  for (const image of images) {
    const truths = 1 + pick(13);
    const wanted = 30 + pick(71);
    let made = 0;
    for (let index = 0; index < truths; index++) {
      const category = 1 + pick(CATEGORIES);
      const bbox = box();
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: category,
        bbox,
        area: round2(bbox[2] * bbox[3] * between(0.5, 0.9)),
        iscrowd: random() < 0.01 ? 1 : 0,
      });
      for (let copy = pick(4); copy > 0 && made < wanted; copy--, made++) {
        detections.push({
          image_id: image.id,
          category_id: random() < 0.85 ? category : 1 + pick(CATEGORIES),
          bbox: near(bbox, between(0, 0.6)),
          score: Math.round(between(0.2, 1) * 1e4) / 1e4,
        });
      }
    }
    for (; made < wanted; made++) {
      detections.push({
        image_id: image.id,
        category_id: 1 + pick(CATEGORIES),
        bbox: box(),
        score: Math.round(between(0.001, 0.7) * 1e4) / 1e4,
      });
    }
  }
  writeFileAtomic(TRUTH_FILE, JSON.stringify({ images, annotations, categories }));
  writeFileAtomic(RESULTS_FILE, JSON.stringify(detections));
}

function ensureData(): void {
  if (fs.existsSync(TRUTH_FILE) && fs.existsSync(RESULTS_FILE)) return;
  generate();
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The whole `train-studio eval-coco` path: read and parse both files, check them, evaluate. */
function ourStats(): readonly number[] {
  const truth = readCocoGroundTruth(readJson(TRUTH_FILE), 'instances.json');
  return evaluateCoco(truth, readCocoDetections(readJson(RESULTS_FILE), 'detections.json', truth)).stats;
}

const PYCOCOTOOLS = `
import contextlib, io, json, sys, time
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1])
    dt = gt.loadRes(sys.argv[2])
    loaded = time.perf_counter()
    evaluation = COCOeval(gt, dt, 'bbox')
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
end = time.perf_counter()
print(json.dumps({"totalMs": (end - start) * 1000, "evaluateMs": (end - loaded) * 1000, "stats": [float(s) for s in evaluation.stats]}))
`;

interface PythonRun {
  readonly totalMs: number;
  readonly evaluateMs: number;
  readonly stats: number[];
}

/** pycocotools from PYCOCOTOOLS_PATH, run by PYCOCOTOOLS_PYTHON (default Debian's python3 and numpy). */
function runPycocotools(): PythonRun | string {
  const pythonPath = process.env.PYCOCOTOOLS_PATH;
  const python = process.env.PYCOCOTOOLS_PYTHON ?? '/usr/bin/python3';
  const how =
    'set PYCOCOTOOLS_PATH to the folder holding the pycocotools package (and PYCOCOTOOLS_PYTHON to the python3 it was built for); see tools/coco-goldens/README.md';
  if (pythonPath === undefined) return `pycocotools: not available (${how})`;
  const env = { ...process.env, PYTHONPATH: pythonPath };
  const probe = spawnSync(python, ['-c', 'import pycocotools.cocoeval'], { encoding: 'utf8', env });
  if (probe.status !== 0) {
    const reason = (probe.stderr || String(probe.error ?? '')).trim().split('\n').pop() ?? '';
    return `pycocotools: not importable from ${pythonPath} with ${python} (${reason}); ${how}`;
  }
  const child = spawnSync(python, ['-c', PYCOCOTOOLS, TRUTH_FILE, RESULTS_FILE], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) return `pycocotools: failed (${child.stderr.trim().split('\n').pop() ?? ''})`;
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as PythonRun;
}

function main(): void {
  ensureData();
  const truth = readCocoGroundTruth(readJson(TRUTH_FILE), 'instances.json');
  const results = readJson(RESULTS_FILE);
  const detections = readCocoDetections(results, 'detections.json', truth);
  const images = `${IMAGES} images, ${truth.truths.count} truths, ${detections.detections.count} detections`;
  console.log(`COCO-like set: ${images}, ${CATEGORIES} categories`);

  let stats: readonly number[] = [];
  const total = time(() => (stats = ourStats()), 3, 1);
  const evaluateOnly = time(() => evaluateCoco(truth, detections), 5, 1);
  report('ours: eval-coco path (read + check + evaluate)', total.medianMs, 'ms');
  report('ours: evaluate only (COCO stats)', evaluateOnly.medianMs, 'ms');
  const { predictions, truths, classes } = asPredictions(
    readJson(TRUTH_FILE) as CocoGroundTruthJson,
    results as CocoDetectionJson[],
  );
  const full = time(() => evaluate('object detection', predictions, truths, classes), 3, 1);
  report('ours: evaluate() with the benchmark metrics', full.medianMs, 'ms');
  report('ours: peak RSS', peakRssMiB(), 'MiB');

  const python = runPycocotools();
  if (typeof python === 'string') {
    console.log(python);
    return;
  }
  report('pycocotools: COCO + loadRes + evaluate/accumulate/summarize', python.totalMs, 'ms');
  report('pycocotools: evaluate + accumulate + summarize', python.evaluateMs, 'ms');
  report('speed-up, whole path (pycocotools / ours)', python.totalMs / total.medianMs, 'x');
  report('speed-up, evaluation only (pycocotools / ours)', python.evaluateMs / evaluateOnly.medianMs, 'x');
  const gap = Math.max(...python.stats.map((value, index) => Math.abs(value - (stats[index] ?? Number.NaN))));
  console.log(`largest difference from pycocotools' 12 statistics: ${gap.toExponential(2)}`);
}

main();
