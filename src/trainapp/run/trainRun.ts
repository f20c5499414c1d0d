import fs from 'node:fs';
import path from 'node:path';
import type { TrainerEvent, TrainerEventBody, TrainingBackend } from '../../core/events';
import { BUILTIN_FRAMEWORK, RUN_STATUSES } from '../../core/names';
import type { RunStatus } from '../../core/names';
import type { BuiltinHyperparameters, ExperimentInfo } from '../../core/schemas';
import { TARGET_FORMATS } from '../../core/schemas/framework';
import { toSplitFile } from '../../data/splits';
import type { StopController } from '../../engine/train';
import { PRIMARY_METRIC } from '../../metrics';
import { allocateExperimentFolder, writeExperimentInfo } from '../experiments';
import { EXPERIMENT_FOLDERS, LOG_FILES } from '../experiments/layout';
import { builtinFramework } from '../frameworks/builtin';
import type { Framework, FrameworkContext } from '../frameworks/contract';
import { createProgressLogger } from '../frameworks/progressLogger';
import { prepareRun } from '../prepare';
import type { PreparedRun } from '../prepare';
import type { RunProblem } from '../runError';
import { readAppStateFile } from './appStateFile';
import { ExperimentSession } from './experimentSession';
import { failureOf } from './failure';
import { finalizeExperiment } from './finalize';
import type { FinalizeData } from './finalize';
import { rebaseAppState } from './rebaseAppState';
import { resolveRun } from './resolveRun';
import type { ResolvedRun } from './resolveRun';
import { lockExperiment } from './runLock';
import { METADATA_POINTERS, writeRunMetadata } from './runMetadata';
import type { RunMetadata } from './runMetadata';
import { writeTrainingOutcome } from './trainingOutcome';

// The run lifecycle (DESIGN §4): app_state in; resolve, preflight and prepare, train, finalise; experiment
// folder out. Whatever happens, the folder ends with an experiment_info.json that says how the run ended,
// and a failed run never touches another experiment.

export interface RunEnvironment {
  /** experiments/ of the workspace. */
  readonly experimentsDir: string;
  readonly builtinFrameworkDir: string;
  /** The user cache: downloaded checkpoints, decoded images, image hashes. */
  readonly cacheDir: string;
  /** Where optional native tfjs packages may be installed: the workspace. */
  readonly searchDirectories: readonly string[];
  readonly stop: StopController;
  readonly onEvent?: (event: TrainerEvent) => void;
  readonly onHumanLine?: (line: string, event: TrainerEvent) => void;
  /** Told the experiment folder as soon as it exists. */
  readonly onExperimentFolder?: (dir: string) => void;
  /** Restricts the tfjs backend chain (tests). */
  readonly backends?: readonly TrainingBackend[];
}

export interface RunOutcome {
  readonly experimentDir: string;
  readonly status: RunStatus;
  readonly info: ExperimentInfo;
  readonly problem?: RunProblem;
}

/** What a run resumed or re-finalised keeps from before. */
export interface Continuation {
  readonly recordedSplit: { readonly train: readonly string[]; readonly val: readonly string[] };
  /** The checkpoint to continue from (resume only). */
  readonly resumeFrom?: string;
  readonly checkpointClasses?: readonly string[];
}

/** Names good enough for the folder of a run whose app_state may be too broken to read properly. */
function folderNames(appStatePath: string): { projectName: string; framework: string } {
  let raw: { input?: { project?: unknown }; framework?: unknown } = {};
  try {
    raw = JSON.parse(fs.readFileSync(appStatePath, 'utf8')) as typeof raw;
  } catch {
    // A broken file still gets a folder, named after the file's own folder, to hold its failure.
  }
  const project =
    typeof raw.input?.project === 'string' ? raw.input.project : path.dirname(path.resolve(appStatePath));
  const framework = typeof raw.framework === 'string' ? raw.framework : BUILTIN_FRAMEWORK;
  return { projectName: path.basename(path.resolve(project)), framework: path.basename(framework) };
}

export function openSession(experimentDir: string, environment: RunEnvironment): ExperimentSession {
  return new ExperimentSession({
    experimentDir,
    runId: path.basename(experimentDir),
    tensorboard: true,
    ...(environment.onEvent ? { onEvent: environment.onEvent } : {}),
    ...(environment.onHumanLine ? { onHumanLine: environment.onHumanLine } : {}),
  });
}

function frameworkFor(resolved: ResolvedRun, environment: RunEnvironment): Framework {
  return (
    resolved.framework.plugin ??
    builtinFramework({
      imageCacheDir: path.join(environment.cacheDir, 'images'),
      searchDirectories: environment.searchDirectories,
      ...(environment.backends ? { backends: environment.backends } : {}),
    })
  );
}

const isBuiltin = (resolved: ResolvedRun) => resolved.framework.plugin === undefined;

function batchSizeOf(resolved: ResolvedRun): number | undefined {
  return isBuiltin(resolved) ? (resolved.hyperparameters as BuiltinHyperparameters).batch_size : undefined;
}

export function prepareFor(
  session: ExperimentSession,
  resolved: ResolvedRun,
  environment: RunEnvironment,
  continuation?: Continuation,
): PreparedRun {
  const { appState } = resolved.appState;
  const batchSize = batchSizeOf(resolved);
  const checkpointClasses = continuation ? continuation.checkpointClasses : resolved.checkpointClasses;
  return prepareRun({
    appState,
    appStatePath: resolved.appState.path,
    taskType: resolved.model.taskType,
    targetFormat: resolved.framework.plugin?.targetFormat ?? TARGET_FORMATS.none,
    workDir: path.join(session.experimentDir, EXPERIMENT_FOLDERS.work),
    hashCacheFile: path.join(environment.cacheDir, 'image-hashes.json'),
    allowClassChange: appState.options.reinitialize_head,
    log: (message, level) => {
      session.info(message, level);
    },
    ...(batchSize ? { batchSize } : {}),
    ...(checkpointClasses ? { checkpointClasses } : {}),
    ...(continuation
      ? { resuming: continuation.resumeFrom !== undefined, recordedSplit: continuation.recordedSplit }
      : {}),
  });
}

export function metadataFor(
  resolved: ResolvedRun,
  prepared: PreparedRun,
  experimentDir: string,
): RunMetadata {
  const file = resolved.appState;
  return {
    appState: rebaseAppState(file.appState, file.dir, experimentDir),
    hyperparametersText: resolved.hyperparametersText,
    hyperparameters: resolved.hyperparameters,
    split: toSplitFile(prepared.split),
    modelMeta: prepared.modelMeta,
  };
}

export function finalizeDataFor(
  resolved: ResolvedRun,
  prepared: PreparedRun,
  metadata: RunMetadata,
  environment: RunEnvironment,
): FinalizeData {
  const batchSize = batchSizeOf(resolved);
  return {
    metadata,
    valItems: prepared.dataset.val,
    builtin: isBuiltin(resolved),
    options: resolved.appState.appState.options,
    searchDirectories: environment.searchDirectories,
    ...(batchSize ? { batchSize } : {}),
    ...(environment.backends ? { backends: environment.backends } : {}),
  };
}

function contextFor(
  session: ExperimentSession,
  resolved: ResolvedRun,
  prepared: PreparedRun,
  environment: RunEnvironment,
  resumeFrom: string | undefined,
): FrameworkContext {
  const { experimentDir } = session;
  const { stop } = environment;
  // train_finished ends the whole run, finalise included, so only the lifecycle sends it.
  const emit = (event: TrainerEventBody) => {
    if (event.type !== 'train_finished') session.emit(event);
  };
  return {
    runId: session.runId,
    paths: {
      experimentDir,
      checkpointsDir: path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints),
      logsDir: path.join(experimentDir, EXPERIMENT_FOLDERS.logs),
      workDir: path.join(experimentDir, EXPERIMENT_FOLDERS.work),
      projectDir: prepared.projectDir,
      frameworkDir: resolved.framework.dir,
    },
    taskType: resolved.model.taskType,
    classes: prepared.classes,
    split: { train: prepared.split.train, val: prepared.split.val },
    dataset: prepared.dataset,
    projectVersion: prepared.projectVersion,
    model: { name: resolved.model.name, meta: resolved.model.meta },
    checkpoint: resolved.checkpoint,
    ...(resumeFrom ? { resumeFrom } : {}),
    hyperparameters: resolved.hyperparameters,
    hyperparametersText: resolved.hyperparametersText,
    options: resolved.appState.appState.options,
    logger: createProgressLogger(emit, {
      backend: resolved.framework.name,
      trainSize: prepared.dataset.train.length,
      valSize: prepared.dataset.val.length,
    }),
    get stopRequested() {
      return stop.stopRequested;
    },
    emit,
    stop,
  };
}

/** The best value of the primary metric, for the train_finished event. */
function bestMetricOf(info: ExperimentInfo): number | undefined {
  const task = info.task_type;
  if (task === undefined || !(task in PRIMARY_METRIC)) return undefined;
  return info.evaluation_metrics[PRIMARY_METRIC[task as keyof typeof PRIMARY_METRIC]];
}

export function announceEnd(session: ExperimentSession, info: ExperimentInfo): void {
  const bestMetric = bestMetricOf(info);
  session.emit({
    type: 'train_finished',
    status: info.status,
    epochs: info.epochs ?? session.epochsDone,
    ...(info.best_checkpoint ? { bestCheckpoint: info.best_checkpoint } : {}),
    ...(bestMetric !== undefined ? { bestMetric } : {}),
  });
}

/** Prepare, train and finalise in an experiment folder that is already set up and locked. */
export async function trainInSession(
  session: ExperimentSession,
  resolved: ResolvedRun,
  environment: RunEnvironment,
  continuation?: Continuation,
): Promise<ExperimentInfo> {
  const framework = frameworkFor(resolved, environment);
  const prepared = prepareFor(session, resolved, environment, continuation);
  const metadata = metadataFor(resolved, prepared, session.experimentDir);
  writeRunMetadata(session.experimentDir, metadata);
  session.update((info) => ({
    ...info,
    ...METADATA_POINTERS,
    project: metadata.appState.input.project,
    project_version: prepared.projectVersion,
    train_size: prepared.split.train.length,
    val_size: prepared.split.val.length,
  }));
  const result = await framework.start(
    contextFor(session, resolved, prepared, environment, continuation?.resumeFrom),
  );
  const outcome = {
    status: environment.stop.stopRequested ? RUN_STATUSES.stopped : RUN_STATUSES.completed,
    result,
    epochs: session.epochsDone,
  } as const;
  writeTrainingOutcome(session.experimentDir, outcome);
  const info = await finalizeExperiment(
    session,
    outcome,
    finalizeDataFor(resolved, prepared, metadata, environment),
  );
  announceEnd(session, info);
  return info;
}

/** Records a failure: the error event, status `failed` with `{message, hint}`, and the stack in train.log. */
export function recordFailure(session: ExperimentSession, error: unknown): RunOutcome {
  const { problem, stack } = failureOf(error);
  if (stack) {
    fs.appendFileSync(
      path.join(session.experimentDir, EXPERIMENT_FOLDERS.logs, LOG_FILES.train),
      `${stack}\n`,
    );
  }
  session.emit({
    type: 'error',
    message: problem.message,
    hint: problem.hint,
    ...(problem.file ? { file: problem.file } : {}),
  });
  const info = session.update((current) => ({
    ...current,
    status: RUN_STATUSES.failed,
    error: { message: problem.message, hint: problem.hint },
    epochs: session.epochsDone,
  }));
  announceEnd(session, info);
  return { experimentDir: session.experimentDir, status: RUN_STATUSES.failed, info, problem };
}

/** `train-studio train`: a new experiment from an app_state file. */
export async function trainFromAppState(
  appStatePath: string,
  environment: RunEnvironment,
): Promise<RunOutcome> {
  const { projectName, framework } = folderNames(appStatePath);
  const allocated = allocateExperimentFolder({
    experimentsDir: environment.experimentsDir,
    projectName,
    framework,
  });
  const { dir } = allocated;
  writeExperimentInfo(dir, {
    experiment_name: path.basename(dir),
    framework_name: framework,
    project: projectName,
    status: RUN_STATUSES.running,
    run_id: allocated.runId,
    datetime: new Date().toISOString(),
    model_files: {},
    checkpoints: [],
    best_checkpoint: null,
    base_checkpoint: null,
    export: {},
    evaluation_metrics: {},
    finalize_steps: {},
  });
  environment.onExperimentFolder?.(dir);
  const unlock = lockExperiment(dir);
  const session = openSession(dir, environment);
  try {
    const file = readAppStateFile(appStatePath, environment.builtinFrameworkDir);
    const resolved = await resolveRun(file, {
      builtinFrameworkDir: environment.builtinFrameworkDir,
      cacheDir: environment.cacheDir,
    });
    session.update((info) => ({
      ...info,
      experiment_name: file.appState.experiment_name ?? info.experiment_name,
      framework_name: resolved.framework.name,
      model_name: resolved.model.name,
      task_type: resolved.model.taskType,
      base_checkpoint: resolved.baseCheckpoint,
    }));
    const info = await trainInSession(session, resolved, environment);
    return { experimentDir: dir, status: info.status, info };
  } catch (error) {
    return recordFailure(session, error);
  } finally {
    session.close();
    unlock();
  }
}
