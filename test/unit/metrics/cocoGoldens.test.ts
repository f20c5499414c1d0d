import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asPredictions, readGoldens, type CocoGolden } from './cocoGoldens';
import {
  COCO_STAT_NAMES,
  evaluate,
  evaluateCoco,
  readCocoDetections,
  readCocoGroundTruth,
  type CocoGroundTruth,
} from '../../../src/metrics';

const TOLERANCE = 1e-9;
const goldens = readGoldens();

function evaluateGolden(golden: CocoGolden, tamper?: (truth: CocoGroundTruth) => void) {
  const truth = readCocoGroundTruth(golden.gt, 'gt.json');
  tamper?.(truth);
  return evaluateCoco(truth, readCocoDetections(golden.detections, 'detections.json', truth));
}

const largestGap = (actual: readonly number[], expected: readonly number[]) =>
  Math.max(...expected.map((value, index) => Math.abs((actual[index] ?? Number.NaN) - value)));

describe('COCO box evaluation against pycocotools goldens', () => {
  it('has at least 6 cases, whose statistics are mostly neither 0, 1 nor -1', () => {
    assert.ok(goldens.length >= 6, `${goldens.length} goldens`);
    for (const golden of goldens) {
      const informative = golden.expected_stats.filter((value) => value > 0 && value < 1);
      assert.ok(informative.length >= 6, `${golden.name}: ${golden.expected_stats.join(', ')}`);
    }
  });

  for (const golden of goldens) {
    it(`${golden.name}: the 12 statistics and per-category AP equal pycocotools' to 1e-9`, () => {
      const result = evaluateGolden(golden);
      assert.equal(result.stats.length, 12);
      golden.expected_stats.forEach((expected, index) => {
        const actual = result.stats[index] ?? Number.NaN;
        assert.ok(
          Math.abs(actual - expected) < TOLERANCE,
          `${COCO_STAT_NAMES[index] ?? index}: ${actual} ≠ ${expected}`,
        );
      });
      assert.deepEqual(
        result.categories.map((category) => category.id),
        golden.expected_per_category.map((category) => category.id),
      );
      golden.expected_per_category.forEach((expected, index) => {
        const actual = result.categories[index];
        for (const key of ['AP', 'AP50', 'AP75'] as const) {
          const value = actual?.[key] ?? -1;
          assert.ok(Math.abs(value - expected[key]) < TOLERANCE, `category ${expected.id} ${key}: ${value}`);
        }
      });
    });
  }

  it("the Prediction API gives the same statistics (every golden without pycocotools' id-0 quirk)", () => {
    const plain = goldens.filter(
      (golden) => !golden.gt.annotations.some((annotation) => annotation.id === 0),
    );
    assert.ok(plain.length >= goldens.length - 1);
    for (const golden of plain) {
      const { classes, truths, predictions } = asPredictions(golden.gt, golden.detections);
      const { metrics } = evaluate('object detection', predictions, truths, classes);
      COCO_STAT_NAMES.forEach((name, index) => {
        const expected = golden.expected_stats[index] ?? Number.NaN;
        const actual = metrics[name === 'AP' ? 'mAP' : name];
        if (expected === -1 && name.includes('_')) assert.equal(actual, undefined, `${golden.name} ${name}`);
        else assert.ok(Math.abs((actual ?? Number.NaN) - expected) < TOLERANCE, `${golden.name} ${name}`);
      });
      assert.equal(metrics.mAP50, metrics.AP50);
    }
  });
});

describe('the goldens catch a broken evaluator', () => {
  const golden = (name: string) => {
    const found = goldens.find((candidate) => candidate.name === name);
    assert.ok(found, `no golden ${name}`);
    return found;
  };
  const gapWhen = (name: string, tamper: (truth: CocoGroundTruth) => void) =>
    largestGap(evaluateGolden(golden(name), tamper).stats, golden(name).expected_stats);

  it('one that treats crowds as ordinary truths', () => {
    assert.ok(gapWhen('crowd', (truth) => truth.truths.crowd.fill(0)) > 1e-3);
  });

  it("one that sizes truths by their boxes instead of their annotation's area", () => {
    assert.ok(
      gapWhen('area-ranges', (truth) => {
        truth.truths.area.set(truth.truths.boxArea);
      }) > 1e-3,
    );
  });

  it('one that counts a match to annotation id 0 as pycocotools does not', () => {
    assert.ok(gapWhen('extreme-boxes', (truth) => truth.truths.idZero.fill(0)) > 1e-3);
  });

  it('one that breaks score ties in another order', () => {
    const tied = golden('tied-scores');
    const reversed = { ...tied, detections: [...tied.detections].reverse() };
    assert.ok(largestGap(evaluateGolden(reversed).stats, tied.expected_stats) > 1e-3);
  });

  it('one that keeps more than 100 detections per image and category', () => {
    // Truncating each image's detections to its best 100 per category by hand changes nothing; keeping only
    // 99 does, so the golden pins the limit down.
    const many = golden('max-dets');
    const best = (limit: number) => {
      const groups = new Map<string, (typeof many.detections)[number][]>();
      for (const detection of many.detections) {
        const key = `${detection.image_id}/${detection.category_id}`;
        groups.set(key, [...(groups.get(key) ?? []), detection]);
      }
      // Stable sort: equal scores keep file order, as pycocotools ranks them.
      const kept = new Set(
        [...groups.values()].flatMap((group) => [...group].sort((a, b) => b.score - a.score).slice(0, limit)),
      );
      return { ...many, detections: many.detections.filter((detection) => kept.has(detection)) };
    };
    assert.ok(many.detections.length > best(100).detections.length);
    assert.ok(largestGap(evaluateGolden(best(100)).stats, many.expected_stats) < TOLERANCE);
    assert.ok(largestGap(evaluateGolden(best(99)).stats, many.expected_stats) > 1e-6);
  });
});
