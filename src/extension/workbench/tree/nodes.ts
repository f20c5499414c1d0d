import path from 'node:path';
import type { Checkpoint, ExperimentEntry } from '../../../trainapp/experiments';
import { checkpointsOf, listExperiments } from '../../../trainapp/experiments';
import type { TreeTarget } from '../treeTarget';
import { exportsOf, logsOf, otherFilesOf } from './runFiles';
import { posixRelative } from '../../../data/paths';

// The experiment tree as data: workspace folders (only with several), projects, runs (newest first), then a
// run's groups and files. Built from the experiment folders; the run level is read when it is expanded.

export interface WorkspaceExperiments {
  /** The workspace folder's name. */
  readonly name: string;
  /** Absolute. */
  readonly experimentsDir: string;
}

/** Something that could not be read: shown with its problem, never hiding the rest. */
export interface ProblemNode {
  readonly kind: 'problem';
  readonly id: string;
  readonly label: string;
  readonly problem: string;
  readonly parent: TreeNode | undefined;
}

export interface FolderNode {
  readonly kind: 'folder';
  readonly id: string;
  readonly name: string;
  readonly experimentsDir: string;
  readonly children: (ProjectNode | ProblemNode)[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly parent: FolderNode | undefined;
  readonly runs: RunNode[];
  /** Why its runs cannot be listed. */
  readonly problem?: string;
}

/** Kept across refreshes of its own folder: the provider swaps in the new entry and refreshes just it. */
export class RunNode implements TreeTarget {
  readonly kind = 'run';
  readonly id: string;

  constructor(
    public entry: ExperimentEntry,
    readonly parent: ProjectNode,
  ) {
    this.id = `run:${entry.dir}`;
  }

  get experimentDir(): string {
    return this.entry.dir;
  }
}

export type GroupKind = 'checkpoints' | 'exports' | 'logs' | 'files';

export interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly group: GroupKind;
  readonly parent: RunNode;
  readonly children: (LeafNode | ProblemNode)[];
}

export interface CheckpointNode extends TreeTarget {
  readonly kind: 'checkpoint';
  readonly id: string;
  readonly parent: GroupNode;
  readonly checkpoint: Checkpoint;
  readonly experimentDir: string;
  readonly checkpointFile: string;
}

/** What a file is, for its icon, its description and what a click does. */
export type FileRole = 'file' | 'log' | 'tensorboard' | 'export';

/** Carries no experimentDir, so that a file selected beside runs never makes a run command act on its run. */
export interface FileNode {
  readonly kind: 'file';
  readonly id: string;
  readonly parent: GroupNode;
  /** Absolute. */
  readonly file: string;
  readonly role: FileRole;
  /** Its name in the group: relative to the run's folder, with `/` (a log: its name). */
  readonly label: string;
  /** An export's format. */
  readonly format?: string;
  /** False for an export experiment_info names whose file is gone. */
  readonly exists: boolean;
}

export type LeafNode = CheckpointNode | FileNode;
export type TreeNode = FolderNode | ProjectNode | RunNode | GroupNode | LeafNode | ProblemNode;

export interface ExperimentTree {
  readonly roots: readonly TreeNode[];
  /** Every run, by its absolute folder. */
  readonly runs: ReadonlyMap<string, RunNode>;
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

function projectsOf(
  experimentsDir: string,
  parent: FolderNode | undefined,
  runs: Map<string, RunNode>,
): (ProjectNode | ProblemNode)[] {
  let entries: ExperimentEntry[];
  try {
    entries = listExperiments(experimentsDir);
  } catch (error) {
    const label = parent ? path.basename(experimentsDir) : experimentsDir;
    return [
      { kind: 'problem', id: `problem:${experimentsDir}`, label, problem: describeError(error), parent },
    ];
  }
  const projects = new Map<string, ProjectNode>();
  for (const entry of entries) {
    const dir = path.join(experimentsDir, entry.project);
    // listExperiments gives a project folder it cannot list as one entry: the folder and its problem.
    const unlistable = entry.dir === dir ? entry.problem : undefined;
    let project = projects.get(entry.project);
    if (!project) {
      project = {
        kind: 'project',
        id: `project:${dir}`,
        name: entry.project,
        dir,
        parent,
        runs: [],
        ...(unlistable === undefined ? {} : { problem: unlistable }),
      };
      projects.set(entry.project, project);
    }
    if (unlistable !== undefined) continue;
    const run = new RunNode(entry, project);
    project.runs.push(run);
    runs.set(entry.dir, run);
  }
  return [...projects.values()];
}

/** One folder's projects at the top, or, with several folders, a node for each folder that has any. */
export function buildTree(folders: readonly WorkspaceExperiments[]): ExperimentTree {
  const runs = new Map<string, RunNode>();
  if (folders.length === 1 && folders[0]) {
    return { roots: projectsOf(path.resolve(folders[0].experimentsDir), undefined, runs), runs };
  }
  const roots = folders.flatMap((folder): FolderNode[] => {
    const experimentsDir = path.resolve(folder.experimentsDir);
    const node: FolderNode = {
      kind: 'folder',
      id: `folder:${experimentsDir}`,
      name: folder.name,
      experimentsDir,
      children: [],
    };
    node.children.push(...projectsOf(experimentsDir, node, runs));
    return node.children.length === 0 ? [] : [node];
  });
  return { roots, runs };
}

function group(
  run: RunNode,
  kind: GroupKind,
  fill: (node: GroupNode) => (LeafNode | ProblemNode)[],
  problem?: string,
): GroupNode {
  const node: GroupNode = { kind: 'group', id: `${run.id}:${kind}`, group: kind, parent: run, children: [] };
  node.children.push(...fill(node));
  if (problem !== undefined) {
    node.children.push({
      kind: 'problem',
      id: `${node.id}:problem`,
      label: 'Cannot be listed',
      problem,
      parent: node,
    });
  }
  return node;
}

function fileNode(
  parent: GroupNode,
  file: string,
  role: FileRole,
  extra: Partial<Pick<FileNode, 'label' | 'format' | 'exists'>> = {},
): FileNode {
  const dir = parent.parent.experimentDir;
  return {
    kind: 'file',
    id: `${parent.id}:${file}`,
    parent,
    file,
    role,
    label: posixRelative(dir, file),
    exists: true,
    ...extra,
  };
}

/** A run's groups that have something in them (Files always has experiment_info.json). */
function groupsOf(run: RunNode): GroupNode[] {
  const { dir, info } = run.entry;
  if (info === undefined) return [];
  const checkpoints = checkpointsOf(dir, info);
  const exportFiles = exportsOf(dir, info);
  const logs = logsOf(dir);
  const files = otherFilesOf(dir);
  const groups = [
    group(run, 'checkpoints', (parent) =>
      checkpoints.map((checkpoint) => ({
        kind: 'checkpoint',
        id: `${parent.id}:${checkpoint.file}`,
        parent,
        checkpoint,
        experimentDir: dir,
        checkpointFile: checkpoint.file,
      })),
    ),
    group(run, 'exports', (parent) =>
      exportFiles.map((entry) =>
        fileNode(parent, entry.file, 'export', { format: entry.format, exists: entry.exists }),
      ),
    ),
    group(
      run,
      'logs',
      (parent) =>
        logs.files.map((file) =>
          fileNode(parent, file, logs.tensorboard.has(file) ? 'tensorboard' : 'log', {
            label: path.basename(file),
          }),
        ),
      logs.problem,
    ),
    group(run, 'files', (parent) => files.files.map((file) => fileNode(parent, file, 'file')), files.problem),
  ];
  return groups.filter((node) => node.children.length > 0);
}

export function childrenOf(node: TreeNode): TreeNode[] {
  switch (node.kind) {
    case 'folder':
      return [...node.children];
    case 'project':
      return [...node.runs];
    case 'run':
      return groupsOf(node);
    case 'group':
      return [...node.children];
    case 'checkpoint':
    case 'file':
    case 'problem':
      return [];
  }
}
