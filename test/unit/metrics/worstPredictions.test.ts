import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroundTruth, LabelledBox, Prediction, ScoredBox } from '../../../src/metrics/predictions';
import { UNSCORED_PIXEL } from '../../../src/metrics/predictions';
import {
  FALLBACK_SCORE_THRESHOLD,
  WORST_PREDICTION_COUNT,
  WorstImageCollector,
} from '../../../src/metrics/worstPredictions';
import type { EvaluatedImage, WorstImages } from '../../../src/metrics/worstPredictions';
import { detection, truth as truthBox } from './detectionBoxes';

// The gallery's ranking on hand-made images: which images are the worst, in which order, and what their
// notes say.

const SHAPES = ['circle', 'square', 'triangle'];

function classified(ref: string, truth: number, ...scores: number[]): EvaluatedImage {
  return {
    ref,
    prediction: { task: 'classification', scores: Float32Array.from(scores) },
    truth: { task: 'classification', classIndex: truth },
  };
}

function detected(ref: string, boxes: ScoredBox[], truths: LabelledBox[]): EvaluatedImage {
  return {
    ref,
    prediction: { task: 'object detection', boxes },
    truth: { task: 'object detection', boxes: truths },
  };
}

/** A 1-row image: the predicted and the true label of each pixel. */
function segmented(ref: string, predicted: number[], truth: number[]): EvaluatedImage {
  const mask = (labels: number[]) => Uint8Array.from(labels);
  return {
    ref,
    prediction: { task: 'semantic segmentation', width: predicted.length, height: 1, mask: mask(predicted) },
    truth: { task: 'semantic segmentation', width: truth.length, height: 1, mask: mask(truth) },
  };
}

function worstOf(
  images: readonly EvaluatedImage[],
  metrics: Record<string, number> = {},
  count?: number,
): WorstImages {
  const collector = new WorstImageCollector(count);
  for (const image of images) collector.add(image);
  const worst = collector.worst(SHAPES, metrics);
  assert.ok(worst, 'a ranking');
  return worst;
}

const summary = (worst: WorstImages) => worst.items.map(({ ref, score, note }) => [ref, score, note]);

describe('the worst classification predictions', () => {
  it('ranks by the probability of the true class and names the truth and the prediction', () => {
    const worst = worstOf([
      classified('a/right.png', 0, 0.75, 0.25, 0),
      classified('a/wrong.png', 0, 0.125, 0.875, 0),
      classified('a/unsure.png', 2, 0.25, 0.25, 0.5),
    ]);
    assert.equal(worst.task, 'classification');
    assert.equal(worst.criterion, 'probability given to the true class');
    assert.equal(worst.scoreThreshold, undefined);
    assert.deepEqual(summary(worst), [
      ['a/wrong.png', 0.125, 'truth circle, predicted square (0.88)'],
      ['a/unsure.png', 0.5, 'truth triangle, predicted triangle (0.50)'],
      ['a/right.png', 0.75, 'truth circle, predicted circle (0.75)'],
    ]);
    assert.ok(worst.items[0]?.prediction.task === 'classification', 'the prediction stays with its image');
  });

  it(`keeps the ${String(WORST_PREDICTION_COUNT)} worst of many, equal scores in ref order whatever the order they came in`, () => {
    // 20 images: refs 19..0 arrive in reverse; image i gives its true class 0.5 + (i mod 5) / 20, so four
    // images share each score.
    const images = Array.from({ length: 20 }, (_, index) => {
      const i = 19 - index;
      const right = 0.5 + (i % 5) / 20;
      return classified(`d/${String(i).padStart(2, '0')}.png`, 0, right, 1 - right, 0);
    });
    const worst = worstOf(images);
    assert.equal(worst.items.length, WORST_PREDICTION_COUNT);
    assert.deepEqual(
      worst.items.map((item) => item.ref),
      ['00', '05', '10', '15', '01', '06', '11', '16', '02', '07', '12', '17'].map((name) => `d/${name}.png`),
    );
    assert.deepEqual(
      worstOf(images.slice().reverse(), {}, 3).items.map((item) => item.ref),
      ['d/00.png', 'd/05.png', 'd/10.png'],
      'the same worst whatever the arrival order, and a smaller count',
    );
  });

  it('ranks a prediction that is not a number as the worst, with a finite score', () => {
    const worst = worstOf([
      classified('n/ok.png', 1, 0.1, 0.9, 0),
      classified('n/nan.png', 1, NaN, NaN, NaN),
    ]);
    assert.deepEqual(
      worst.items.map((item) => item.ref),
      ['n/nan.png', 'n/ok.png'],
    );
    assert.equal(worst.items[0]?.score, 0);
    assert.ok(Math.abs((worst.items[1]?.score ?? 0) - 0.9) < 1e-6);
  });
});

describe('the worst detection predictions', () => {
  it('scores each image by F1 at IoU 0.5 of the boxes above f1_optimal_conf, and says what went wrong', () => {
    const images = [
      // Two of three found, one false box: F1 = 2·2 / (2·2 + 1 + 1).
      detected(
        'b/some.png',
        [detection(0, 0.9), detection(20, 0.8), detection(60, 0.7)],
        [truthBox(0), truthBox(20), truthBox(40)],
      ),
      // Under the threshold (0.3), the one box does not count: its truth is missed.
      detected('b/low.png', [detection(0, 0.2)], [truthBox(0)]),
      detected('b/perfect.png', [detection(0, 0.95)], [truthBox(0)]),
      detected('b/empty.png', [], []),
      // The box sits on a triangle but says square: a mix-up, a false box and a miss at once.
      detected('b/mixup.png', [detection(0, 0.62, 1)], [truthBox(0, 2)]),
      detected('b/two.png', [], [truthBox(0), truthBox(20)]),
      detected('b/false.png', [detection(0, 0.5), detection(30, 0.4)], []),
    ];
    const worst = worstOf(images, { f1_optimal_conf: 0.3, mAP50: 0.4 });
    assert.equal(worst.scoreThreshold, 0.3);
    assert.equal(worst.criterion, 'F1 at IoU 0.5 of the boxes scoring at least 0.30');
    assert.deepEqual(summary(worst), [
      ['b/false.png', 0, '2 false boxes'],
      ['b/low.png', 0, '1 missed'],
      ['b/mixup.png', 0, 'triangle boxed as square (0.62)'],
      ['b/two.png', 0, '2 missed'],
      ['b/some.png', 4 / 6, '1 missed, 1 false box'],
      ['b/empty.png', 1, 'nothing to find, nothing found'],
      ['b/perfect.png', 1, 'all 1 found'],
    ]);
  });

  it('matches each truth once, to the best box of its class, and lets a box on a crowd count neither way', () => {
    const crowd = truthBox(40, 0, true);
    const worst = worstOf(
      [
        detected(
          'c/one.png',
          // Two boxes on one truth: the higher-scoring one finds it, the other is false. The third is on a
          // crowd region.
          [detection(0, 0.9), detection(1, 0.8), detection(40, 0.7)],
          [truthBox(0), crowd],
        ),
        detected(
          'c/mixups.png',
          [detection(0, 0.9, 1), detection(20, 0.8, 0)],
          [truthBox(0, 0), truthBox(20, 1), truthBox(60, 2)],
        ),
      ],
      { f1_optimal_conf: 0.5 },
    );
    assert.deepEqual(summary(worst), [
      ['c/mixups.png', 0, '2 boxed as the wrong class, 1 missed'],
      ['c/one.png', 2 / 3, '1 false box'],
    ]);
  });

  it(`judges at ${String(FALLBACK_SCORE_THRESHOLD)} when the evaluation found no operating point`, () => {
    const images = [detected('e/a.png', [detection(0, 0.45), detection(20, 0.55)], [truthBox(0)])];
    const noOperatingPoint: Record<string, number>[] = [{}, { f1_optimal_conf: 0 }];
    for (const metrics of noOperatingPoint) {
      const worst = worstOf(images, metrics);
      assert.equal(worst.scoreThreshold, FALLBACK_SCORE_THRESHOLD);
      assert.deepEqual(summary(worst), [['e/a.png', 0, '1 missed, 1 false box']]);
    }
  });
});

describe('the worst segmentation predictions', () => {
  it('scores each image by the mean IoU of the labels in it, leaving unscored pixels out', () => {
    const u = UNSCORED_PIXEL;
    const worst = worstOf([
      // Scored pixels 0-4. Background: 2 common of 2 true and 3 predicted → 2/3; circle (1): 1 common of 3
      // true and 1 predicted → 1/3; square (2): predicted once, never true → 0. Mean 1/3.
      segmented('s/mixed.png', [0, 0, 1, 0, 2, 1], [0, 0, 1, 1, 1, u]),
      segmented('s/perfect.png', [0, 1, 1, 3], [0, 1, 1, 3]),
      segmented('s/background.png', [0, 0, 0], [0, 0, 0]),
      segmented('s/unscored.png', [1, 2], [u, u]),
    ]);
    assert.equal(worst.criterion, 'mean IoU over the labels in the image, background included');
    assert.deepEqual(
      worst.items.map(({ ref, note }) => [ref, note]),
      [
        ['s/mixed.png', 'IoU 0.33, worst square 0.00'],
        ['s/background.png', 'IoU 1.00'],
        ['s/perfect.png', 'IoU 1.00'],
      ],
      'an image without a scored pixel is not judged',
    );
    assert.ok(Math.abs((worst.items[0]?.score ?? 0) - 1 / 3) < 1e-12);
  });

  it('holds only the worst images as they come', () => {
    const collector = new WorstImageCollector(2);
    const images = [0.25, 1, 0.5, 0.75].map((share, index) => {
      const right = Math.round(share * 4);
      return segmented(
        `k/${String(index)}.png`,
        [0, 0, 0, 0],
        [0, 0, 0, 0].map((_, pixel) => (pixel < right ? 0 : 1)),
      );
    });
    for (const image of images) collector.add(image);
    assert.deepEqual(
      collector.worst(SHAPES, {})?.items.map((item) => item.ref),
      ['k/0.png', 'k/2.png'],
    );
  });
});

describe('collecting evaluated images', () => {
  it('gives no ranking without images', () => {
    assert.equal(new WorstImageCollector().worst(SHAPES, {}), undefined);
  });

  it('refuses a prediction against a truth of another task, and images of two tasks', () => {
    const collector = new WorstImageCollector();
    const prediction: Prediction = { task: 'classification', scores: Float32Array.from([1]) };
    const boxes: GroundTruth = { task: 'object detection', boxes: [] };
    assert.throws(() => {
      collector.add({ ref: 'x/1.png', prediction, truth: boxes });
    }, /x\/1\.png: the prediction is for classification, its truth for object detection/);
    collector.add(classified('x/2.png', 0, 1));
    assert.throws(() => {
      collector.add(detected('x/3.png', [], []));
    }, /x\/3\.png is for object detection, the images before it for classification/);
  });
});
