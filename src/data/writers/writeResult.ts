import type { Geometry } from '../model';

/** An object a writer left out, and why. */
export interface SkippedObject {
  readonly ref: string;
  readonly classTitle: string;
  readonly shape: Geometry['type'];
  readonly reason: string;
}

/** A line, point or graph reached a writer of areas: the caller skipped convertForTask. */
export const NO_AREA_TO_WRITE = 'it has no area in this format; convert the index for the task first';
