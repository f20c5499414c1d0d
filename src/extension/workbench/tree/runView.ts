import path from 'node:path';
import type { RunStatus } from '../../../core/names';
import { describeProgress, formatDuration } from '../../../core/runProgress';
import type { RunProgress } from '../../../core/runProgress';
import type { ExperimentInfo } from '../../../core/schemas';
import type { ExperimentEntry } from '../../../trainapp/experiments';
import { checkpointsOf, formatMetric, isLive, isResumable, keyMetricOf } from '../../../trainapp/experiments';
import { lockOwnerOf } from '../../../trainapp/experiments/lockOwner';
import { TREE_CONTEXT } from '../../ids';
import { evaluationReportOf, hasAppState } from './runFiles';
import { latestEpochOf } from './runMetrics';
import { plural } from '../words';

// How a run looks in the tree: its state (a `running` folder whose process is gone was interrupted), its
// icon, the one line beside its name, its tooltip and the contextValue tokens that pick its menu actions.

export type RunState = RunStatus | 'interrupted';

/** A codicon and, optionally, the theme colour to draw it in. */
export interface IconSpec {
  readonly id: string;
  readonly color?: string;
}

const STATE_ICONS: Readonly<Record<RunState, IconSpec>> = {
  running: { id: 'sync~spin', color: 'charts.blue' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  stopped: { id: 'debug-pause', color: 'debugIcon.pauseForeground' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  interrupted: { id: 'warning', color: 'list.warningForeground' },
};
export const PROBLEM_ICON: IconSpec = { id: 'error', color: 'list.errorForeground' };

export interface Tooltip {
  readonly title: string;
  /** Name and value, in order. */
  readonly fields: readonly (readonly [string, string])[];
  /** Sentences after the fields: an error and its hint, what to do about an interrupted run. */
  readonly notes: readonly string[];
}

export interface RunView {
  readonly label: string;
  readonly description: string;
  readonly tooltip: Tooltip;
  readonly icon: IconSpec;
  /** TREE_CONTEXT tokens, space-separated. */
  readonly contextValue: string;
  /** Undefined for a folder without a readable experiment_info.json. */
  readonly state?: RunState;
}

/** What the window knows about the folder besides the files: the trainer it runs there, if any. */
export interface RunLiveness {
  readonly progress?: RunProgress;
}

/** Enough of a failure's message to recognise it beside the name; the tooltip has all of it. */
const DESCRIPTION_ERROR_LENGTH = 60;
const DATA_VERSION_LENGTH = 12;

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function labelOf(dir: string, info: ExperimentInfo | undefined): string {
  const folder = path.basename(dir);
  return info === undefined || info.experiment_name === folder
    ? folder
    : `${folder} · ${info.experiment_name}`;
}

/** When finalising ended: the latest finalise step. */
function endTimeOf(info: ExperimentInfo): number | undefined {
  const times = Object.values(info.finalize_steps).map((step) => Date.parse(step.time));
  return times.length === 0 ? undefined : Math.max(...times);
}

function durationOf(info: ExperimentInfo, state: RunState, now: number): string | undefined {
  if (info.datetime === undefined) return undefined;
  const end = state === 'running' ? now : endTimeOf(info);
  return end === undefined ? undefined : formatDuration((end - Date.parse(info.datetime)) / 1000);
}

function epochsOf(info: ExperimentInfo, progress: RunProgress | undefined): string | undefined {
  if (progress?.epoch !== undefined && progress.totalEpochs !== undefined) {
    return `${String(progress.epoch)} of ${String(progress.totalEpochs)}`;
  }
  return info.epochs === undefined ? undefined : String(info.epochs);
}

function keyMetricText(info: ExperimentInfo): string | undefined {
  const metric = keyMetricOf(info);
  return metric && formatMetric(metric);
}

/** Why an interrupted run is not running, from the pid its lock still names. */
function interruptedNote(dir: string, resumable: boolean): string {
  const lock = lockOwnerOf(dir);
  const gone = lock
    ? `The process that ran it (pid ${String(lock.pid)}) is gone`
    : 'No process holds it (its lock is missing)';
  return resumable
    ? `${gone}: Resume continues from its last checkpoint.`
    : `${gone}, and it saved no last checkpoint to resume from: start it again from its app_state.json.`;
}

function tooltipOf(
  dir: string,
  info: ExperimentInfo,
  facts: { state: RunState; resumable: boolean; progress?: RunProgress },
  now: number,
): Tooltip {
  const { state, progress } = facts;
  const candidates: [string, string | undefined][] = [
    ['Status', state],
    ['Model', info.model_name],
    ['Framework', info.framework_name],
    ['Task', info.task_type],
    ['Data version', info.project_version?.slice(0, DATA_VERSION_LENGTH)],
    ['Started', info.datetime === undefined ? undefined : new Date(info.datetime).toLocaleString()],
    ['Epochs', epochsOf(info, progress)],
    ['Duration', durationOf(info, state, now)],
    ['Key metric', keyMetricText(info)],
    ['Folder', dir],
  ];
  const fields = candidates.flatMap(([name, value]) => (value === undefined ? [] : [[name, value] as const]));
  const notes = [
    ...(info.error ? [info.error.message, ...(info.error.hint ? [info.error.hint] : [])] : []),
    ...(state === 'interrupted' ? [interruptedNote(dir, facts.resumable)] : []),
  ];
  return { title: labelOf(dir, info), fields, notes };
}

function descriptionOf(
  dir: string,
  info: ExperimentInfo,
  state: RunState,
  progress: RunProgress | undefined,
) {
  if (progress && progress.phase !== 'ended') return describeProgress(progress);
  if (state === 'running' || state === 'interrupted') {
    const latest = latestEpochOf(dir, info);
    const parts = [
      ...(state === 'interrupted' ? ['interrupted'] : []),
      ...(latest ? [`epoch ${String(latest.epoch)}`] : []),
      ...(latest?.metric ? [formatMetric(latest.metric)] : []),
    ];
    return parts.length === 0 ? state : parts.join(' · ');
  }
  if (state === 'failed' && info.error) return shorten(info.error.message, DESCRIPTION_ERROR_LENGTH);
  const metric = keyMetricText(info);
  if (metric !== undefined) return metric;
  return info.epochs === undefined ? state : `${state} · ${plural(info.epochs, 'epoch')}`;
}

function tokens(...entries: (string | false)[]): string {
  return entries.filter((entry): entry is string => entry !== false).join(' ');
}

/** A folder without a readable experiment_info.json: its problem, unless a process is just starting in it. */
function brokenRunView(entry: ExperimentEntry, live: boolean): RunView {
  const problem = entry.problem ?? 'unreadable';
  return {
    label: labelOf(entry.dir, undefined),
    description: live ? 'starting' : problem,
    tooltip: { title: entry.dir, fields: [], notes: live ? [] : [problem] },
    icon: live ? STATE_ICONS.running : PROBLEM_ICON,
    contextValue: tokens(TREE_CONTEXT.run, live && TREE_CONTEXT.live),
  };
}

export function runViewOf(entry: ExperimentEntry, liveness: RunLiveness, now = Date.now()): RunView {
  const { dir, info } = entry;
  // This window's run is live before its trainer has written the lock.
  const live = liveness.progress !== undefined || isLive(dir);
  if (info === undefined) return brokenRunView(entry, live);
  const state: RunState = info.status === 'running' && !live ? 'interrupted' : info.status;
  const resumable = isResumable(dir, info, live);
  return {
    label: labelOf(dir, info),
    description: descriptionOf(dir, info, state, liveness.progress),
    tooltip: tooltipOf(dir, info, { state, resumable, ...liveness }, now),
    icon: STATE_ICONS[state],
    contextValue: tokens(
      TREE_CONTEXT.run,
      `${TREE_CONTEXT.statusPrefix}${state}`,
      live && TREE_CONTEXT.live,
      resumable && TREE_CONTEXT.resumable,
      hasAppState(dir) && TREE_CONTEXT.rerunnable,
      checkpointsOf(dir, info).length > 0 && TREE_CONTEXT.hasCheckpoints,
      evaluationReportOf(dir, info) !== undefined && TREE_CONTEXT.hasReport,
    ),
    state,
  };
}
