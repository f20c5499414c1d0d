import fs from 'node:fs';
import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { RUN_STATUSES } from '../../core/names';
import { TrainValSplitFile } from '../../core/schemas';
import type { DatasetItem } from '../../data/model';
import { writeEvaluationReport } from '../evaluation/report';
import { readExperimentInfo } from '../experiments';
import { chosenCheckpoint, experimentCheckpoint } from '../experiments/checkpointFile';
import { lastCheckpointFile } from '../experiments/lastCheckpoint';
import { EXPERIMENT_FILES } from '../experiments/layout';
import { RunError } from '../runError';
import { readAppStateFile } from './appStateFile';
import { finalizeExperiment } from './finalize';
import { recordEvaluation } from './recordEvaluation';
import type { RecordedEvaluation } from './recordEvaluation';
import { checkpointClassesOf, resolveRun } from './resolveRun';
import type { ResolvedRun } from './resolveRun';
import type { ExperimentSession } from './experimentSession';
import { lockExperiment } from './runLock';
import { readTrainingOutcome } from './trainingOutcome';
import type { Continuation, RunEnvironment, RunOutcome } from './runEnvironment';
import { finalizeDataFor, metadataFor, prepareFor } from './runInputs';
import { announceEnd, inExperiment, openSession, trainInSession } from './trainRun';

// What happens to an experiment after its first run: resume it exactly, complete an interrupted finalise,
// or evaluate one of its checkpoints. Each starts from the experiment's own files (its app_state.json,
// whose paths point from the experiment folder, and its train_val_split.json), never from the user's
// current settings, which may have changed since.

function readRecordedSplit(experimentDir: string): TrainValSplitFile {
  const file = path.join(experimentDir, EXPERIMENT_FILES.split);
  try {
    return TrainValSplitFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    throw new RunError({
      message: `${file} is missing or damaged, so the run's exact split is unknown.`,
      hint: 'Start a new run from the app_state instead.',
      file,
    });
  }
}

async function resolveExperiment(experimentDir: string, environment: RunEnvironment): Promise<ResolvedRun> {
  const file = readAppStateFile(
    path.join(experimentDir, EXPERIMENT_FILES.appState),
    environment.builtinFrameworkDir,
  );
  return resolveRun(file, {
    builtinFrameworkDir: environment.builtinFrameworkDir,
    cacheDir: environment.cacheDir,
  });
}

/**
 * `train-studio resume`: continues a stopped (or crashed) run from its `last` checkpoint, in the same
 * folder, with the same split and settings: weights, optimizer state, schedule and epoch carry on.
 */
export async function resumeExperiment(
  experimentDir: string,
  environment: RunEnvironment,
): Promise<RunOutcome> {
  const before = readExperimentInfo(experimentDir);
  if (before.status === RUN_STATUSES.completed) {
    throw new RunError({
      message: `${experimentDir} already completed ${String(before.epochs ?? 0)} epochs; there is nothing to resume.`,
      hint: 'To train it further, start a new run that fine-tunes from one of its checkpoints ("Custom models").',
    });
  }
  const resumeFrom = lastCheckpointFile(experimentDir);
  if (resumeFrom === undefined) {
    throw new RunError({
      message: `${experimentDir} has no last checkpoint to resume from.`,
      hint: 'The run stopped before its first checkpoint: start it again from its app_state.json.',
    });
  }
  return inExperiment('resume', experimentDir, environment, async (session) => {
    session.epochsDone = before.epochs ?? 0;
    const resolved = await resolveExperiment(experimentDir, environment);
    const checkpointClasses = checkpointClassesOf(resumeFrom);
    const continuation: Continuation = {
      recordedSplit: readRecordedSplit(experimentDir),
      resumeFrom,
      ...(checkpointClasses ? { checkpointClasses } : {}),
    };
    session.update((info) => ({
      ...info,
      status: RUN_STATUSES.running,
      error: undefined,
      finalize_steps: {},
    }));
    session.info(`Resuming from ${path.relative(experimentDir, resumeFrom)}.`);
    const info = await trainInSession(session, resolved, environment, continuation);
    return { experimentDir, status: info.status, info };
  });
}

/** `train-studio finalize`: runs the finalise steps an interrupted finalise left undone. */
export async function finalizeExistingExperiment(
  experimentDir: string,
  environment: RunEnvironment,
): Promise<RunOutcome> {
  const outcome = readTrainingOutcome(experimentDir);
  if (!outcome) {
    const info = readExperimentInfo(experimentDir);
    if (info.status !== RUN_STATUSES.running && info.status !== RUN_STATUSES.failed) {
      return { experimentDir, status: info.status, info };
    }
    throw new RunError({
      message: `Training in ${experimentDir} never returned a result, so there is nothing to finalise.`,
      hint: `Continue it with \`train-studio resume ${experimentDir}\`.`,
    });
  }
  return inExperiment('finalize', experimentDir, environment, async (session) => {
    const resolved = await resolveExperiment(experimentDir, environment);
    const prepared = prepareFor(session, resolved, environment, {
      recordedSplit: readRecordedSplit(experimentDir),
    });
    const metadata = metadataFor(resolved, prepared, experimentDir);
    const info = await finalizeExperiment(
      session,
      outcome,
      finalizeDataFor(resolved, prepared, metadata, environment),
    );
    announceEnd(session, info);
    return { experimentDir, status: info.status, info };
  });
}

/**
 * Holds the experiment's lock and a session on it while `work` runs, with the run resolved from the
 * experiment's own app_state: what evaluate, export and benchmark share. `work` may read the run's val
 * items (prepared from the recorded split) through `valItems`.
 */
export async function withExperiment<T>(
  experimentDir: string,
  environment: RunEnvironment,
  work: (access: ExperimentAccess) => Promise<T>,
): Promise<T> {
  const resolved = await resolveExperiment(experimentDir, environment);
  const unlock = lockExperiment(experimentDir);
  const session = openSession(experimentDir, environment);
  try {
    const valItems = () =>
      prepareFor(session, resolved, environment, { recordedSplit: readRecordedSplit(experimentDir) }).dataset
        .val;
    const backendChoice = {
      device: resolved.appState.appState.options.device,
      searchDirectories: environment.searchDirectories,
      ...(environment.backends ? { backends: environment.backends } : {}),
    };
    return await work({ session, resolved, valItems, backendChoice });
  } finally {
    session.close();
    unlock();
  }
}

export interface ExperimentAccess {
  readonly session: ExperimentSession;
  readonly resolved: ResolvedRun;
  /** The val split's items, prepared (classes filtered, shapes converted); reads the dataset when called. */
  readonly valItems: () => readonly DatasetItem[];
  /** The tfjs backend as the run chose it (its options.device), with this environment's search paths. */
  readonly backendChoice: {
    readonly device: string | null;
    readonly searchDirectories: readonly string[];
    readonly backends?: readonly TrainingBackend[];
  };
}

/** `train-studio evaluate`: scores one checkpoint (best by default) on the run's val split. */
export async function evaluateExperiment(
  experimentDir: string,
  checkpoint: string | undefined,
  environment: RunEnvironment,
): Promise<RecordedEvaluation> {
  // Told before the run's dataset is read; resolved again under the lock.
  const { name } = chosenCheckpoint(experimentDir, readExperimentInfo(experimentDir), checkpoint, 'evaluate');
  return withExperiment(
    experimentDir,
    environment,
    async ({ session, resolved, valItems, backendChoice }) => {
      if (resolved.framework.plugin) {
        throw new RunError({
          message: `Train Studio cannot run ${resolved.framework.name}'s models itself, so it cannot evaluate them.`,
          hint: 'Have the framework return evaluation_metrics in its result.',
        });
      }
      const recorded = await recordEvaluation(session, {
        sidecarPath: experimentCheckpoint(experimentDir, session.read(), name, 'evaluate').file,
        items: valItems(),
        ...backendChoice,
      });
      const report = writeEvaluationReport(session);
      return report === undefined ? recorded : { ...recorded, files: [...recorded.files, report] };
    },
  );
}
