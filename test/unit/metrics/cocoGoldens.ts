import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../paths';

// The goldens of tools/coco-goldens/generate.py: random COCO ground truth and results, with what
// pycocotools' COCOeval (bbox) computes on them.

export const GOLDEN_DIR = path.join(REPO_ROOT, 'test/unit/metrics/fixtures/coco');

export interface CocoGolden {
  readonly name: string;
  readonly description: string;
  readonly expected_stats: readonly number[];
  readonly expected_per_category: readonly {
    readonly id: number;
    readonly AP: number;
    readonly AP50: number;
    readonly AP75: number;
  }[];
  readonly gt: CocoGroundTruthJson;
  readonly detections: readonly CocoDetectionJson[];
}

export interface CocoGroundTruthJson {
  readonly images: readonly { readonly id: number }[];
  readonly categories: readonly { readonly id: number; readonly name: string }[];
  readonly annotations: readonly {
    readonly id: number;
    readonly image_id: number;
    readonly category_id: number;
    readonly bbox: readonly [number, number, number, number];
    readonly area: number;
    readonly iscrowd: number;
  }[];
}

export interface CocoDetectionJson {
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: readonly [number, number, number, number];
  readonly score: number;
}

export function readGoldens(): CocoGolden[] {
  return fs
    .readdirSync(GOLDEN_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      ...(JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8')) as Omit<CocoGolden, 'name'>),
    }));
}
