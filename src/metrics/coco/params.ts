// pycocotools' default bbox parameters (COCOeval Params.setDetParams), value for value.

/** np.linspace(start, stop, count): pycocotools compares against these values, so they must match bit for bit. */
function linspace(start: number, stop: number, count: number): number[] {
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : i * step + start));
}

/** 0.50, 0.55, ..., 0.95. */
export const IOU_THRESHOLDS: readonly number[] = linspace(0.5, 0.95, 10);
/** 0, 0.01, ..., 1: the recall points at which interpolated precision is sampled. */
export const RECALL_THRESHOLDS: readonly number[] = linspace(0, 1, 101);
/** Indices into IOU_THRESHOLDS. */
export const IOU_50 = 0;
export const IOU_75 = 5;

/** Detections kept per image and class, ascending; the last one is the limit matching runs with. */
export const MAX_DETECTIONS = [1, 10, 100] as const;
/** The index of 100 in MAX_DETECTIONS. */
export const LIMIT_100 = 2;

export interface AreaRange {
  readonly name: 'all' | 'small' | 'medium' | 'large';
  /** Inclusive at both ends, as pycocotools tests `area < lower or area > upper`. */
  readonly lower: number;
  readonly upper: number;
}

export const AREA_RANGES: readonly AreaRange[] = [
  { name: 'all', lower: 0, upper: 1e5 ** 2 },
  { name: 'small', lower: 0, upper: 32 ** 2 },
  { name: 'medium', lower: 32 ** 2, upper: 96 ** 2 },
  { name: 'large', lower: 96 ** 2, upper: 1e5 ** 2 },
];
export const AREA_ALL = 0;

/** numpy's spacing(1), which pycocotools adds to precision denominators. */
export const FLOAT_SPACING = 2.220446049250313e-16;
