import type { TaskType } from '../../../../core/names';
import type { TrainValSplitSettings } from '../../../../core/schemas';
import type { ConversionPreview, ProjectCandidate, ProjectView, SplitPreview } from '../../../../core/panel';
import type { DatasetIndex } from '../../../../data/model';

// The Project, Split and Classes cards' facts: the project is read once (its index kept) and the split and
// shape-conversion previews are computed from that index as the settings change.

export interface LoadedProject {
  readonly view: ProjectView;
  readonly index: DatasetIndex;
}

/** Reads the dataset folder; throws a UserError (message and hint) when it cannot be trained on. */
export function loadProject(dir: string): LoadedProject {
  throw new Error(`not built yet: ${dir}`);
}

/** Dataset folders in the workspace folders, for the Project card's list. */
export function projectCandidates(
  workspaceFolders: readonly string[],
  skip: (dir: string) => boolean,
): ProjectCandidate[] {
  throw new Error(`not built yet: ${String(workspaceFolders.length)} ${String(skip)}`);
}

/** Train and val counts of `split` over the selected classes (empty: all), or why the split fails. */
export function previewSplit(
  project: LoadedProject,
  split: TrainValSplitSettings,
  classes: readonly string[],
  /** Collection paths in the split are relative to this folder (the app_state file's). */
  baseDir: string,
): SplitPreview {
  throw new Error(`not built yet: ${project.view.path} ${split.method} ${String(classes.length)} ${baseDir}`);
}

/** What `taskType` makes of each selected class's shape. */
export function previewConversion(
  project: LoadedProject,
  classes: readonly string[],
  taskType: TaskType,
): ConversionPreview {
  throw new Error(`not built yet: ${project.view.path} ${String(classes.length)} ${taskType}`);
}
