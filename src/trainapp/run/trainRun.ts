import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_FRAMEWORK, RUN_STATUSES } from '../../core/names';
import { ExperimentInfo } from '../../core/schemas';
import { posixRelative } from '../../data/paths';
import { allocateExperimentFolder, keyMetricOf, writeExperimentInfo } from '../experiments';
import { logStack } from '../logs';
import { readAppStateFile } from './appStateFile';
import { ExperimentSession } from './experimentSession';
import { failureOf } from './failure';
import { finalizeExperiment } from './finalize';
import { resolveRun } from './resolveRun';
import type { ResolvedRun } from './resolveRun';
import type { Continuation, RunEnvironment, RunOutcome } from './runEnvironment';
import { contextFor, finalizeDataFor, frameworkFor, metadataFor, prepareFor } from './runInputs';
import { lockExperiment } from './runLock';
import { metadataInfo, writeRunMetadata } from './runMetadata';
import { writeTrainingOutcome } from './trainingOutcome';

// The run lifecycle (DESIGN §4): app_state in; resolve, preflight and prepare, train, finalise; experiment
// folder out. Whatever happens, the folder ends with an experiment_info.json that says how the run ended,
// and a failed run never touches another experiment.

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

export function announceEnd(session: ExperimentSession, info: ExperimentInfo): void {
  // The key metric of the evaluation, which scored the best checkpoint.
  const bestMetric = keyMetricOf(info)?.value;
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
    ...metadataInfo(metadata),
    project: metadata.appState.input.project,
    project_version: prepared.projectVersion,
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
function recordFailure(session: ExperimentSession, error: unknown): RunOutcome {
  const { problem, stack } = failureOf(error);
  logStack(session.experimentDir, stack);
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

/** Runs `work` holding the experiment's lock, with a session whose failures are recorded in the folder. */
export async function inExperiment(
  command: string,
  experimentDir: string,
  environment: RunEnvironment,
  work: (session: ExperimentSession) => Promise<RunOutcome>,
): Promise<RunOutcome> {
  const unlock = lockExperiment(experimentDir);
  const session = openSession(experimentDir, environment);
  // Said first, so that whoever started the process (a user, the editor) can open the folder while it works.
  session.emit({ type: 'experiment_opened', experimentDir, command });
  try {
    return await work(session);
  } catch (error) {
    return recordFailure(session, error);
  } finally {
    session.close();
    unlock();
  }
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
  writeExperimentInfo(
    dir,
    ExperimentInfo.parse({
      experiment_name: path.basename(dir),
      framework_name: framework,
      project: projectName,
      status: RUN_STATUSES.running,
      run_id: allocated.runId,
      datetime: new Date().toISOString(),
      // So that the panel editing that file shows this run as its own, even when the file is broken.
      source_app_state: posixRelative(dir, path.resolve(appStatePath)),
    }),
  );
  return inExperiment('train', dir, environment, async (session) => {
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
  });
}
