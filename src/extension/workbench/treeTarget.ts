// What a command run from the experiment tree receives: the clicked item and, with several selected, all
// of them. Tree items carry these fields; the commands read nothing else from them.

export interface TreeTarget {
  /** Absolute path of the run's experiment folder. */
  readonly experimentDir?: string;
  /** Absolute path of a checkpoint's sidecar JSON, for checkpoint items. */
  readonly checkpointFile?: string;
}

const isTarget = (value: unknown): value is TreeTarget =>
  typeof value === 'object' && value !== null && typeof (value as TreeTarget).experimentDir === 'string';

/** The clicked item, when a command came from the tree; undefined from the palette. */
export const treeTargetOf = (argument: unknown): TreeTarget | undefined =>
  isTarget(argument) ? argument : undefined;

/** Every selected item (multi-select), else the clicked one. */
export function treeTargetsOf(clicked: unknown, selected: unknown): TreeTarget[] {
  if (Array.isArray(selected) && selected.length > 0) return selected.filter(isTarget);
  const single = treeTargetOf(clicked);
  return single ? [single] : [];
}
