import path from 'node:path';
import type { TaskType } from '../../core/names';
import type { RunOptions } from '../../core/schemas';
import type { TargetFormat } from '../../core/schemas/framework';
import { writeJsonAtomic } from '../../data/atomicWrite';
import type { CheckpointSource } from '../modelSource/resolveCheckpoint';
import type { FrameworkContext, RunPaths } from './contract';

// What an external trainer knows about its run: the FrameworkContext less what only lives in this process
// (the logger, the stop signal, the loaded dataset index). The trainer finds the file through the
// TRAIN_STUDIO_CONTEXT environment variable; it reads images itself, from `dataset.dir`.

/** The environment variables a command framework is started with. */
export const TRAINER_ENVIRONMENT = {
  /** Absolute path of the run's context.json. */
  context: 'TRAIN_STUDIO_CONTEXT',
  runId: 'TRAIN_STUDIO_RUN_ID',
} as const;

/** The file's name in the run's work folder. */
export const CONTEXT_FILE = 'context.json';

/** context.json: every path in it is absolute. */
export interface ExternalContextFile {
  readonly runId: string;
  readonly paths: RunPaths;
  readonly taskType: TaskType;
  /** The selected classes: class index i is classes[i]. */
  readonly classes: readonly string[];
  /** `dataset/item` refs of each side. */
  readonly split: { readonly train: readonly string[]; readonly val: readonly string[] };
  /** The converted dataset (`coco`, `yolo`), or the user's project folder (`none`). */
  readonly dataset: { readonly format: TargetFormat; readonly dir: string };
  /** Content hash of the data used: a key for the trainer's own caches of prepared data. */
  readonly projectVersion: string;
  /** The models.json entry: its name and its meta. */
  readonly model: { readonly name: string; readonly meta: Readonly<Record<string, unknown>> };
  /** `{"kind": "scratch"}`, or `{"kind": "file", "sidecarPath": ...}` for weights to start from. */
  readonly checkpoint: CheckpointSource;
  /** The run's own `last` checkpoint when this is a resume; null otherwise. */
  readonly resumeFrom: string | null;
  /** The hyperparameters YAML, parsed. */
  readonly hyperparameters: unknown;
  /** The same, as the user wrote it, for trainers that parse it their own way. */
  readonly hyperparametersText: string;
  readonly options: RunOptions;
}

function externalContextOf(context: FrameworkContext): ExternalContextFile {
  return {
    runId: context.runId,
    paths: context.paths,
    taskType: context.taskType,
    classes: context.classes,
    split: context.split,
    dataset: { format: context.dataset.format, dir: context.dataset.dir },
    projectVersion: context.projectVersion,
    model: context.model,
    checkpoint: context.checkpoint,
    resumeFrom: context.resumeFrom ?? null,
    hyperparameters: context.hyperparameters,
    hyperparametersText: context.hyperparametersText,
    options: context.options,
  };
}

/** Writes <workDir>/context.json and returns its path. */
export function writeContextFile(context: FrameworkContext): string {
  const file = path.join(context.paths.workDir, CONTEXT_FILE);
  writeJsonAtomic(file, externalContextOf(context));
  return file;
}
