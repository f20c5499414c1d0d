import path from 'node:path';
import { SHAPE_VALUES } from '../../../../core/names';
import type { Shape, TaskType } from '../../../../core/names';
import type { TrainValSplitSettings } from '../../../../core/schemas';
import type {
  ClassRow,
  ConversionPreview,
  ProjectCandidate,
  ProjectView,
  SplitPreview,
} from '../../../../core/panel';
import { ClassSelectionError, filterClasses } from '../../../../data/classFilter';
import { CONVERSION_OUTCOMES, convertForTask } from '../../../../data/convert';
import type { ConversionCount } from '../../../../data/convert';
import type { DatasetIndex } from '../../../../data/model';
import { classColor } from '../../../../data/readers/derivedMeta';
import { SplitError, splitItems } from '../../../../data/splits';
import { readProjectFacts } from '../../commands/newRun/projectFacts';
import type { ProjectFacts } from '../../commands/newRun/projectFacts';
import { findDatasetFolders } from '../../pick/datasetFolders';
import { findCollectionFiles } from './collectionFiles';

// The Project, Split and Classes cards' facts: the project is read once (its index kept) and the split and
// shape-conversion previews are computed from that index as the settings change.

export interface LoadedProject {
  readonly view: ProjectView;
  readonly index: DatasetIndex;
}

const isShape = (shape: string): shape is Shape => (SHAPE_VALUES as readonly string[]).includes(shape);

function classRows(facts: ProjectFacts): ClassRow[] {
  const colors = new Map(facts.index.meta.classes.map((cls) => [cls.title, cls.color.toLowerCase()]));
  return facts.classes.map((summary, position) => ({
    name: summary.title,
    shape: isShape(summary.shape) ? summary.shape : 'any',
    objects: summary.objects,
    images: summary.images,
    // Every reader gives its classes a colour; a class only objects name falls back to the readers' palette.
    color: colors.get(summary.title) ?? classColor(position).toLowerCase(),
  }));
}

/**
 * Reads the dataset folder; throws a UserError (message and hint) when it cannot be trained on. Collection
 * files are listed relative to `appStateDir`, as a split by collections names them.
 */
export function loadProject(dir: string, appStateDir: string = dir): LoadedProject {
  const facts = readProjectFacts(dir);
  const view: ProjectView = {
    path: facts.dir,
    label: path.basename(facts.dir),
    format: facts.format,
    images: facts.index.items.length,
    objects: facts.classes.reduce((sum, summary) => sum + summary.objects, 0),
    classes: classRows(facts),
    datasets: facts.datasets.map(({ name, images }) => ({ name, images })),
    imageTags: [...facts.imageTags],
    collections: findCollectionFiles(facts.index, appStateDir),
    problems: facts.problems,
  };
  return { view, index: facts.index };
}

/** Dataset folders in the workspace folders, for the Project card's list. */
export function projectCandidates(
  workspaceFolders: readonly string[],
  skip: (dir: string) => boolean,
): ProjectCandidate[] {
  const roots = workspaceFolders.map((folder) => path.resolve(folder));
  return findDatasetFolders(roots, { skip }).map(({ dir, format }) => {
    const root = roots.find((candidate) => dir === candidate || dir.startsWith(`${candidate}${path.sep}`));
    const relative = root === undefined ? dir : path.relative(root, dir);
    const where = relative === '' ? path.basename(dir) : relative.split(path.sep).join('/');
    return { path: dir, label: `${where} (${format})` };
  });
}

/**
 * Train and val counts of `split` over the selected classes (empty: all), or why the split fails. Training
 * draws the split over the whole project and a class selection keeps every image (unselected objects go,
 * their images stay as background), so the counts are the project's; an unknown class is still an error.
 */
export function previewSplit(
  project: LoadedProject,
  split: TrainValSplitSettings,
  classes: readonly string[],
  /** Collection paths in the split are relative to this folder (the app_state file's). */
  baseDir: string,
): SplitPreview {
  try {
    filterClasses(project.index, classes);
    const drawn = splitItems(project.index, split, { baseDir });
    return { status: 'ready', train: drawn.train.length, val: drawn.val.length };
  } catch (error) {
    if (error instanceof SplitError || error instanceof ClassSelectionError) {
      return { status: 'error', message: error.message };
    }
    throw error;
  }
}

function conversionRow(row: ConversionCount): ConversionPreview['rows'][number] {
  const base = { className: row.classTitle, shape: row.shape, objects: row.count };
  switch (row.outcome) {
    case CONVERSION_OUTCOMES.kept:
      return { ...base, outcome: row.outcome };
    case CONVERSION_OUTCOMES.converted:
      return { ...base, outcome: row.outcome, target: row.to };
    case CONVERSION_OUTCOMES.dropped:
      return { ...base, outcome: row.outcome, reason: row.reason };
  }
}

/**
 * What `taskType` makes of each selected class's shape: the report of the very conversion training runs,
 * so the two cannot disagree. A class with no row there (no objects, or classification, which labels images
 * and leaves objects alone) keeps its declared shape. Names the project lacks are left out: the session's
 * problems report them.
 */
export function previewConversion(
  project: LoadedProject,
  classes: readonly string[],
  taskType: TaskType,
): ConversionPreview {
  const known = new Set(project.index.meta.classes.map((cls) => cls.title));
  const wanted = classes.filter((name) => known.has(name));
  // Only unknown names: nothing is selected, which an empty list would turn into everything.
  if (classes.length > 0 && wanted.length === 0) return { taskType, rows: [] };
  const selected = filterClasses(project.index, wanted);
  const { report } = convertForTask(selected, taskType);
  const rows = selected.meta.classes.flatMap((cls) => {
    const counted = report.objects.filter((row) => row.classTitle === cls.title).map(conversionRow);
    if (counted.length > 0) return counted;
    const objects = project.view.classes.find((row) => row.name === cls.title)?.objects ?? 0;
    return [{ className: cls.title, shape: cls.shape, outcome: 'kept' as const, objects }];
  });
  return { taskType, rows };
}
