import path from 'node:path';
import type { TrainerEventBody } from '../../core/events';
import type { BuiltinHyperparameters } from '../../core/schemas';
import { FRAMEWORK_MANIFEST_FILE, TARGET_FORMATS } from '../../core/schemas/framework';
import { toSplitFile } from '../../data/splits';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { builtinFramework } from '../frameworks/builtin';
import type { Framework, FrameworkContext } from '../frameworks/contract';
import { createProgressLogger } from '../frameworks/progressLogger';
import { prepareRun } from '../prepare';
import type { PreparedRun } from '../prepare';
import type { ExperimentSession } from './experimentSession';
import type { FinalizeData } from './finalize';
import { rebaseAppState } from '../experiments/rebaseAppState';
import type { ResolvedRun } from './resolveRun';
import type { RunMetadata } from './runMetadata';
import type { Continuation, RunEnvironment } from './runEnvironment';

// What each stage of a run is handed, built from the resolved run and the prepared data: the framework,
// the prepare request, the metadata files, the finalise inputs and the framework's context.

export function frameworkFor(resolved: ResolvedRun, environment: RunEnvironment): Framework {
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
    ...(resolved.framework.plugin
      ? { frameworkFile: path.join(resolved.framework.dir, FRAMEWORK_MANIFEST_FILE) }
      : {}),
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
    ...(resolved.framework.plugin ? { plugin: resolved.framework.plugin } : {}),
    options: resolved.appState.appState.options,
    searchDirectories: environment.searchDirectories,
    ...(batchSize ? { batchSize } : {}),
    ...(environment.backends ? { backends: environment.backends } : {}),
  };
}

export function contextFor(
  session: ExperimentSession,
  resolved: ResolvedRun,
  prepared: PreparedRun,
  environment: RunEnvironment,
  resumeFrom: string | undefined,
): FrameworkContext {
  const { experimentDir } = session;
  const { stop } = environment;
  // The end of the run (finalise included) and its failure are the lifecycle's to tell, once: a framework's
  // own train_finished or error event would be a second, earlier one.
  const emit = (event: TrainerEventBody) => {
    if (event.type !== 'train_finished' && event.type !== 'error') session.emit(event);
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
