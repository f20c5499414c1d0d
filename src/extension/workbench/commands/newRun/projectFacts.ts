import path from 'node:path';
import { DatasetError, READ_POLICIES } from '../../../../data/errors';
import { inspectIndex } from '../../../../data/inspect';
import type { ClassSummary, DatasetSummary } from '../../../../data/inspect';
import type { DatasetFormat, DatasetIndex } from '../../../../data/model';
import { readDataset } from '../../../../data/readers';
import { UserError } from '../../userError';

// What the New Training Run steps after the project need from it: its classes with their counts, its
// datasets and image tags (which split methods it supports), and the index itself, so that a split can be
// tried before it is written.

export interface ProjectFacts {
  /** Absolute. */
  readonly dir: string;
  readonly format: DatasetFormat;
  readonly index: DatasetIndex;
  readonly classes: readonly ClassSummary[];
  readonly datasets: readonly DatasetSummary[];
  /** Tags on images that are not class labels: what a split by tags can use. */
  readonly imageTags: readonly string[];
  /** Files the reader skipped; a run would stop at the first of them. */
  readonly problems: number;
}

function imageTagsOf(index: DatasetIndex): string[] {
  const classTitles = new Set(index.meta.classes.map((classMeta) => classMeta.title));
  const names = new Set<string>();
  for (const item of index.items) for (const tag of item.tags) names.add(tag.name);
  return [...names].filter((name) => !classTitles.has(name)).sort();
}

export function readProjectFacts(dir: string): ProjectFacts {
  let index: DatasetIndex;
  try {
    index = readDataset(dir, { policy: READ_POLICIES.skip });
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    throw new UserError(
      `${path.basename(dir)} is not a dataset Train Studio can read: ${error.message}`,
      'Pick a Supervisely project, a COCO or YOLO dataset, or a folder of class folders.',
    );
  }
  const report = inspectIndex(index);
  if (report.classes.length === 0 || report.images === 0) {
    throw new UserError(
      `${dir} has ${report.images === 0 ? 'no images' : 'no classes'}: there is nothing to train on.`,
      'Pick a dataset with labelled images.',
    );
  }
  return {
    dir: index.root,
    format: index.format,
    index,
    classes: report.classes,
    datasets: report.datasets,
    imageTags: imageTagsOf(index),
    problems: report.problems.length,
  };
}
