import path from 'node:path';
import { formatMetric, keyMetricOf } from '../../../trainapp/experiments';
import { EXPERIMENT_FOLDERS } from '../../../trainapp/experiments/layout';
import { TREE_CONTEXT } from '../../ids';
import type { GroupKind, GroupNode, LeafNode, ProblemNode, ProjectNode, TreeNode } from './nodes';
import type { IconSpec, RunLiveness, Tooltip } from './runView';
import { PROBLEM_ICON, runViewOf } from './runView';
import { plural } from '../words';

// What each node shows, as plain data: the TreeItem adapter (treeItem.ts) only translates it into
// VS Code's classes, so that everything here is tested without VS Code.

export interface NodeView {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: Tooltip | string;
  /** Absent for a file: VS Code then draws the file type's icon. */
  readonly icon?: IconSpec;
  /** TREE_CONTEXT tokens, space-separated. */
  readonly contextValue?: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** The file the node stands for (absolute). */
  readonly file?: string;
  /** What a click does with `file`. */
  readonly click?: 'open' | 'reveal';
}

const GROUPS: Readonly<Record<GroupKind, { label: string; icon: string }>> = {
  checkpoints: { label: 'Checkpoints', icon: 'package' },
  exports: { label: 'Exports', icon: 'export' },
  logs: { label: 'Logs', icon: 'output' },
  files: { label: 'Files', icon: 'files' },
};

const BEST_ICON: IconSpec = { id: 'star-full', color: 'charts.yellow' };
const LAST_ICON: IconSpec = { id: 'history' };
const MISSING_ICON: IconSpec = { id: 'warning', color: 'list.warningForeground' };

function problemView(node: ProblemNode): NodeView {
  return {
    label: node.label,
    description: node.problem,
    tooltip: node.problem,
    icon: PROBLEM_ICON,
    collapsible: 'none',
  };
}

function projectView(node: ProjectNode): NodeView {
  if (node.problem !== undefined) {
    return {
      label: node.name,
      description: 'cannot be listed',
      tooltip: node.problem,
      icon: PROBLEM_ICON,
      contextValue: TREE_CONTEXT.project,
      collapsible: 'none',
    };
  }
  return {
    label: node.name,
    description: plural(node.runs.length, 'run'),
    tooltip: node.dir,
    icon: { id: 'project' },
    contextValue: TREE_CONTEXT.project,
    collapsible: 'expanded',
  };
}

function groupView(node: GroupNode): NodeView {
  const { label, icon } = GROUPS[node.group];
  return {
    label,
    description: String(node.children.length),
    icon: { id: icon },
    contextValue: TREE_CONTEXT.group,
    collapsible: 'collapsed',
  };
}

function leafView(node: LeafNode): NodeView {
  if (node.kind === 'checkpoint') {
    const { checkpoint } = node;
    const info = node.parent.parent.entry.info;
    const metric = info?.evaluation_checkpoint === checkpoint.name ? keyMetricOf(info) : undefined;
    const marks = [
      ...(checkpoint.best ? ['best'] : []),
      ...(checkpoint.last ? ['last'] : []),
      ...(metric ? [formatMetric(metric)] : []),
    ];
    return {
      label: checkpoint.name,
      ...(marks.length === 0 ? {} : { description: marks.join(' · ') }),
      tooltip: checkpoint.file,
      ...(checkpoint.best ? { icon: BEST_ICON } : checkpoint.last ? { icon: LAST_ICON } : {}),
      contextValue: [
        TREE_CONTEXT.checkpoint,
        ...(checkpoint.best ? [TREE_CONTEXT.bestCheckpoint] : []),
        ...(checkpoint.last ? [TREE_CONTEXT.lastCheckpoint] : []),
      ].join(' '),
      collapsible: 'none',
      file: checkpoint.file,
      // The built-in framework's checkpoint is a JSON sidecar (the weights are beside it); others are binary.
      click: path.extname(checkpoint.file) === '.json' ? 'open' : 'reveal',
    };
  }
  const base = { label: node.label, collapsible: 'none', file: node.file } as const;
  switch (node.role) {
    case 'export':
      return node.exists
        ? {
            ...base,
            description: node.format,
            tooltip: node.file,
            contextValue: TREE_CONTEXT.exportFile,
            click: 'reveal',
          }
        : {
            ...base,
            description: `${node.format ?? ''} · missing`,
            tooltip: `experiment_info.json names this export, but ${node.file} does not exist.`,
            icon: MISSING_ICON,
            contextValue: TREE_CONTEXT.exportFile,
          };
    case 'tensorboard':
      return {
        ...base,
        description: 'TensorBoard',
        tooltip: `TensorBoard event file: run \`tensorboard --logdir "${path.join(node.parent.parent.experimentDir, EXPERIMENT_FOLDERS.logs)}"\` to view it.`,
        contextValue: TREE_CONTEXT.file,
        click: 'reveal',
      };
    case 'log':
    case 'file':
      return { ...base, tooltip: node.file, contextValue: TREE_CONTEXT.file, click: 'open' };
  }
}

export function viewOf(node: TreeNode, livenessOf: (experimentDir: string) => RunLiveness): NodeView {
  switch (node.kind) {
    case 'folder':
      return {
        label: node.name,
        description: node.experimentsDir,
        icon: { id: 'root-folder' },
        contextValue: TREE_CONTEXT.group,
        collapsible: 'expanded',
      };
    case 'project':
      return projectView(node);
    case 'run': {
      const view = runViewOf(node.entry, livenessOf(node.experimentDir));
      return { ...view, collapsible: node.entry.info === undefined ? 'none' : 'collapsed' };
    }
    case 'group':
      return groupView(node);
    case 'checkpoint':
    case 'file':
      return leafView(node);
    case 'problem':
      return problemView(node);
  }
}
