#!/usr/bin/env python3
"""Writes the COCO box-evaluation goldens of test/unit/metrics/fixtures/coco/.

Each case is a seeded random ground truth and results set built to exercise one part of pycocotools'
COCOeval (iouType 'bbox'); the expected values are what pycocotools itself computes on them.

    PYCOCOTOOLS_PATH=/path/to/PythonAPI python3 tools/coco-goldens/generate.py [--out DIR]

PYCOCOTOOLS_PATH (or --pycocotools) is the folder that holds the `pycocotools` package. See README.md.
"""
import argparse
import contextlib
import copy
import io
import json
import math
import os
import random
import sys

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEFAULT_OUT = os.path.join(REPO_ROOT, 'test', 'unit', 'metrics', 'fixtures', 'coco')
WIDTH, HEIGHT = 640, 480
SIDES = {'small': (3.0, 31.0), 'medium': (33.0, 95.0), 'large': (97.0, 400.0)}


def rounded(values, digits=2):
    return [round(value, digits) for value in values]


def random_box(rng, size):
    low, high = SIDES[size]
    side = rng.uniform(low, high)
    aspect = rng.uniform(0.6, 1.6)
    w, h = side * math.sqrt(aspect), side / math.sqrt(aspect)
    x = rng.uniform(-10.0, max(WIDTH - w, 0.0))
    y = rng.uniform(-10.0, max(HEIGHT - h, 0.0))
    return rounded([x, y, w, h])


def jittered(rng, box, spread):
    """A detection near `box`: IoU anywhere from ~1 (small spread) to ~0 (large)."""
    x, y, w, h = box
    return rounded([
        x + rng.gauss(0, spread) * w,
        y + rng.gauss(0, spread) * h,
        max(w * (1 + rng.gauss(0, spread)), 0.1),
        max(h * (1 + rng.gauss(0, spread)), 0.1),
    ])


class Case:
    def __init__(self, name, description, seed):
        self.name = name
        self.description = description
        self.rng = random.Random(seed)
        self.images = []
        self.categories = []
        self.annotations = []
        self.detections = []

    def category(self, cat_id):
        self.categories.append({'id': cat_id, 'name': f'class-{cat_id}'})

    def image(self, image_id):
        self.images.append({'id': image_id, 'width': WIDTH, 'height': HEIGHT, 'file_name': f'{image_id}.jpg'})

    def truth(self, image_id, cat_id, bbox, area=None, crowd=0, ann_id=None):
        ann = {
            'id': len(self.annotations) + 1 if ann_id is None else ann_id,
            'image_id': image_id,
            'category_id': cat_id,
            'bbox': bbox,
            'area': round(bbox[2] * bbox[3], 4) if area is None else area,
            'iscrowd': crowd,
        }
        self.annotations.append(ann)
        return ann

    def detect(self, image_id, cat_id, bbox, score):
        self.detections.append({'image_id': image_id, 'category_id': cat_id, 'bbox': bbox, 'score': score})

    def score(self, good):
        """Better matches tend to score higher, with overlap so that AP is neither 0 nor 1."""
        base = self.rng.uniform(0.35, 1.0) if good else self.rng.uniform(0.0, 0.75)
        return round(base, 4)

    def detect_around(self, image_id, cat_id, bbox, copies=None):
        for _ in range(self.rng.randint(0, 3) if copies is None else copies):
            spread = self.rng.choice([0.02, 0.05, 0.1, 0.2, 0.4])
            self.detect(image_id, cat_id, jittered(self.rng, bbox, spread), self.score(spread <= 0.1))

    def false_positives(self, image_id, cat_ids, count):
        for _ in range(count):
            size = self.rng.choice(list(SIDES))
            self.detect(image_id, self.rng.choice(cat_ids), random_box(self.rng, size), self.score(False))

    def ground_truth(self):
        return {'images': self.images, 'annotations': self.annotations, 'categories': self.categories}


def mixed():
    case = Case('mixed', 'Random boxes of all sizes, 3 categories, misses, duplicates and false positives.', 1)
    cats = [1, 2, 3]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 31):
        case.image(image_id)
        for _ in range(case.rng.randint(0, 6)):
            cat = case.rng.choice(cats)
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            case.truth(image_id, cat, box)
            case.detect_around(image_id, cat, box)
        case.false_positives(image_id, cats, case.rng.randint(0, 4))
    return case


def crowd():
    case = Case('crowd', 'Crowd regions (iscrowd 1) with several detections inside, next to ordinary truths.', 2)
    cats = [1, 2]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 21):
        case.image(image_id)
        for _ in range(case.rng.randint(0, 2)):
            cat = case.rng.choice(cats)
            region = random_box(case.rng, case.rng.choice(['medium', 'large', 'large']))
            case.truth(image_id, cat, region, area=round(region[2] * region[3] * 0.6, 2), crowd=1)
            x, y, w, h = region
            for _ in range(case.rng.randint(1, 5)):
                inner = rounded([x + case.rng.uniform(0, w * 0.7), y + case.rng.uniform(0, h * 0.7),
                                 w * case.rng.uniform(0.1, 0.3), h * case.rng.uniform(0.1, 0.3)])
                if case.rng.random() < 0.5:
                    case.truth(image_id, cat, inner)
                case.detect(image_id, cat, jittered(case.rng, inner, 0.05), case.score(True))
            case.detect(image_id, cat, jittered(case.rng, region, 0.05), case.score(True))
        for _ in range(case.rng.randint(1, 4)):
            cat = case.rng.choice(cats)
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            case.truth(image_id, cat, box)
            case.detect_around(image_id, cat, box)
        case.false_positives(image_id, cats, case.rng.randint(0, 3))
    return case


def area_ranges():
    case = Case('area-ranges', "Truth areas (the annotation's area, not the box's) on and around the "
                '32² and 96² bounds; detections of every size.', 3)
    cats = [1, 2]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 25):
        case.image(image_id)
        for _ in range(case.rng.randint(2, 7)):
            cat = case.rng.choice(cats)
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            # A segmentation covers part of its box: the area can fall in a smaller range than the box.
            area = round(box[2] * box[3] * case.rng.uniform(0.3, 1.0), 2)
            case.truth(image_id, cat, box, area=area)
            case.detect_around(image_id, cat, box)
        # Exactly on the bounds: both ranges include their ends.
        for side in (32, 96):
            cat = case.rng.choice(cats)
            box = [float(case.rng.randint(0, 300)), float(case.rng.randint(0, 200)), float(side), float(side)]
            case.truth(image_id, cat, box, area=float(side * side))
            case.detect(image_id, cat, box, case.score(True))
            case.detect(image_id, cat, jittered(case.rng, box, 0.1), case.score(False))
        case.false_positives(image_id, cats, case.rng.randint(0, 3))
    return case


def sparse_ids():
    case = Case('sparse-ids', 'Unsorted, gapped image and category ids; images without truth or detections; '
                'a category without truth, one without detections; entries pycocotools leaves out.', 4)
    for cat in (90, 2, 11, 5):
        case.category(cat)
    with_truth = [1000, 3, 57, 12, 400, 8, 77, 5]
    detections_only = [31, 2]
    empty = [999, 4]
    for image_id in with_truth + detections_only + empty:
        case.image(image_id)
    for image_id in with_truth:
        for _ in range(case.rng.randint(1, 5)):
            cat = case.rng.choice([2, 5, 90])
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            case.truth(image_id, cat, box)
            if cat != 90:
                case.detect_around(image_id, cat, box)
        case.false_positives(image_id, [2, 5, 11], case.rng.randint(0, 3))
    for image_id in detections_only:
        case.false_positives(image_id, [2, 5, 11], 3)
    # Left out by pycocotools: a truth of an unlisted image, a truth and detections of an unlisted category.
    case.truth(123456, 2, random_box(case.rng, 'medium'))
    case.truth(3, 42, random_box(case.rng, 'medium'))
    case.false_positives(57, [42], 2)
    return case


def tied_scores():
    case = Case('tied-scores', 'Scores from four values only: ties within and across images, which the '
                'stable ranking breaks by image order, then by file order.', 5)
    cats = [1, 2]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 21):
        case.image(image_id)
        for _ in range(case.rng.randint(1, 6)):
            cat = case.rng.choice(cats)
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            case.truth(image_id, cat, box)
            for _ in range(case.rng.randint(0, 3)):
                spread = case.rng.choice([0.02, 0.1, 0.3])
                case.detect(image_id, cat, jittered(case.rng, box, spread), case.rng.choice([0.3, 0.5, 0.7, 0.9]))
        for _ in range(case.rng.randint(0, 4)):
            cat = case.rng.choice(cats)
            case.detect(image_id, cat, random_box(case.rng, 'medium'), case.rng.choice([0.3, 0.5, 0.7, 0.9]))
    return case


def max_dets():
    case = Case('max-dets', 'Over 100 detections per image and category: only the best 100 are matched, '
                'and AR1, AR10 and AR100 differ.', 6)
    cats = [1, 2]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 7):
        case.image(image_id)
        for cat in cats:
            boxes = [random_box(case.rng, case.rng.choice(list(SIDES))) for _ in range(case.rng.randint(8, 25))]
            for box in boxes:
                case.truth(image_id, cat, box)
            for _ in range(case.rng.randint(105, 190)):
                if case.rng.random() < 0.6:
                    box = case.rng.choice(boxes)
                    spread = case.rng.choice([0.02, 0.05, 0.1, 0.2, 0.4])
                    case.detect(image_id, cat, jittered(case.rng, box, spread), case.score(spread <= 0.1))
                else:
                    case.detect(image_id, cat, random_box(case.rng, 'small'), case.score(False))
    return case


def extreme_boxes():
    case = Case('extreme-boxes', 'Tiny boxes under a pixel, boxes beyond area 1e10 (ignored by every range), '
                'zero-width boxes, negative coordinates, and an annotation with id 0.', 7)
    cats = [1, 2]
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 16):
        case.image(image_id)
        for _ in range(case.rng.randint(1, 4)):
            cat = case.rng.choice(cats)
            box = rounded([case.rng.uniform(-5, 600), case.rng.uniform(-5, 400),
                           case.rng.uniform(0.1, 2.0), case.rng.uniform(0.1, 2.0)], 3)
            case.truth(image_id, cat, box)
            for _ in range(case.rng.randint(0, 2)):
                case.detect(image_id, cat, jittered(case.rng, box, 0.05), case.score(True))
        for _ in range(case.rng.randint(1, 3)):
            cat = case.rng.choice(cats)
            box = random_box(case.rng, case.rng.choice(list(SIDES)))
            case.truth(image_id, cat, box)
            case.detect_around(image_id, cat, box)
        if image_id % 3 == 0:
            huge = [-1000.0, -1000.0, 120000.0, 110000.0]
            case.truth(image_id, 1, huge)
            case.detect(image_id, 1, [-900.0, -1000.0, 120000.0, 110000.0], case.score(True))
            case.detect(image_id, 2, [0.0, 0.0, 150000.0, 100000.0], case.score(False))
        if image_id % 4 == 0:
            flat = [float(case.rng.randint(0, 500)), float(case.rng.randint(0, 400)), 0.0, 20.0]
            case.truth(image_id, 2, flat)
            case.detect(image_id, 2, flat, case.score(True))
            case.detect(image_id, 2, [flat[0], flat[1], 10.0, 0.0], case.score(False))
    # pycocotools reads a match to annotation id 0 as no match: the detection counts as a false positive.
    box = [100.0, 100.0, 50.0, 40.0]
    case.truth(1, 1, box, ann_id=0)
    case.detect(1, 1, [101.0, 100.0, 50.0, 40.0], 0.99)
    return case


def large_only():
    case = Case('large-only', 'Only large truths: AP and AR for small and medium are -1, as pycocotools '
                'reports ranges without ground truth.', 8)
    for cat in (1, 2, 3):
        case.category(cat)
    for image_id in range(1, 16):
        case.image(image_id)
        for _ in range(case.rng.randint(0, 3)):
            cat = case.rng.choice([1, 2])
            box = random_box(case.rng, 'large')
            case.truth(image_id, cat, box)
            case.detect_around(image_id, cat, box)
        case.false_positives(image_id, [1, 2, 3], case.rng.randint(0, 3))
    return case


def coco_like():
    case = Case('coco-like', 'A small COCO-like set: 12 categories, about 7 truths and 25 detections per '
                'image, a few crowds, annotation areas below the box areas.', 9)
    cats = list(range(1, 13))
    for cat in cats:
        case.category(cat)
    for image_id in range(1, 61):
        case.image(image_id)
        for _ in range(case.rng.randint(2, 12)):
            cat = case.rng.choice(cats[: case.rng.randint(1, 12)])
            box = random_box(case.rng, case.rng.choice(['small', 'small', 'medium', 'large']))
            crowd = 1 if case.rng.random() < 0.03 else 0
            case.truth(image_id, cat, box, area=round(box[2] * box[3] * case.rng.uniform(0.5, 0.9), 2),
                       crowd=crowd)
            case.detect_around(image_id, cat, box, copies=case.rng.randint(0, 4))
            if case.rng.random() < 0.2:
                case.detect(image_id, case.rng.choice(cats), jittered(case.rng, box, 0.05), case.score(False))
        case.false_positives(image_id, cats, case.rng.randint(3, 12))
    return case


CASES = [mixed, crowd, area_ranges, sparse_ids, tied_scores, max_dets, extreme_boxes, large_only, coco_like]


def run_cocoeval(ground_truth, detections):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = copy.deepcopy(ground_truth)
        gt.createIndex()
        dt = gt.loadRes(copy.deepcopy(detections))
        evaluation = COCOeval(gt, dt, 'bbox')
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    precision = evaluation.eval['precision']

    def mean_of_valid(values):
        valid = values[values > -1]
        return float(valid.mean()) if valid.size else -1.0

    per_category = [
        {
            'id': int(cat_id),
            'AP': mean_of_valid(precision[:, :, k, 0, 2]),
            'AP50': mean_of_valid(precision[0, :, k, 0, 2]),
            'AP75': mean_of_valid(precision[5, :, k, 0, 2]),
        }
        for k, cat_id in enumerate(evaluation.params.catIds)
    ]
    return [float(value) for value in evaluation.stats], per_category


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--pycocotools', default=os.environ.get('PYCOCOTOOLS_PATH'),
                        help='folder holding the pycocotools package (default: $PYCOCOTOOLS_PATH)')
    parser.add_argument('--out', default=DEFAULT_OUT, help='where to write <case>.json')
    args = parser.parse_args()
    if args.pycocotools:
        sys.path.insert(0, args.pycocotools)
    os.makedirs(args.out, exist_ok=True)
    for make in CASES:
        case = make()
        stats, per_category = run_cocoeval(case.ground_truth(), case.detections)
        golden = {
            'description': case.description,
            'generator': 'tools/coco-goldens/generate.py',
            'expected_stats': stats,
            'expected_per_category': per_category,
            'gt': case.ground_truth(),
            'detections': case.detections,
        }
        path = os.path.join(args.out, f'{case.name}.json')
        with open(path, 'w') as file:
            json.dump(golden, file, separators=(',', ':'))
            file.write('\n')
        print(f'{case.name}: {len(case.annotations)} truths, {len(case.detections)} detections, '
              f'AP {stats[0]:.4f}, AP50 {stats[1]:.4f}')


if __name__ == '__main__':
    main()
