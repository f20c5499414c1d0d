import path from 'node:path';
import { selectBackend } from '../backend';
import { CHECKPOINT_NAMES, CHECKPOINTS_FOLDER, readCheckpoint, removeOrphans, sha256Of } from '../checkpoint';
import type { NetworkSpec } from '../contracts';
import { buildNetwork, numClassesFor, taskHeadFor } from '../models';
import { createPipeline } from '../pipeline';
import type { ImagePipeline } from '../pipeline';
import { runEpochs } from './epochLoop';
import type { Loop } from './epochLoop';
import { planEpoch } from './epochPlan';
import { asTrainingError, isFileProblem, problemOf, TrainingError } from './errors';
import { describeMapping, initialiseFrom } from './fineTune';
import type { ClassMapping } from './fineTune';
import type { TrainIo, TrainJob, TrainResult } from './job';
import { createOptimizer } from './optimizer';
import { ProgressClock } from './progress';
import { restoreSession } from './resume';
import { createSchedule } from './schedule';
import { checkpointPath, initialRunState } from './session';
import type { Session } from './session';
import { WeightAverage } from './weightAverage';

const log = (io: TrainIo, level: 'info' | 'warning', message: string) => {
  io.emit({ type: 'log', level, message });
};

/** Checkpoint paths in a stable order: periodic ones by epoch, then best, then last. */
function orderedCheckpoints(names: readonly string[]): string[] {
  const finalNames: readonly string[] = [CHECKPOINT_NAMES.best, CHECKPOINT_NAMES.last];
  const periodic = names
    .filter((name) => !finalNames.includes(name))
    .sort((a, b) => Number(/\d+$/.exec(a)?.[0]) - Number(/\d+$/.exec(b)?.[0]));
  return [...periodic, ...finalNames.filter((name) => names.includes(name))].map(checkpointPath);
}

/** Resume or fine-tune, as the job asks; returns the class mapping of a fine-tune. */
function startFrom(job: TrainJob, io: TrainIo, session: Session): ClassMapping | undefined {
  if (job.resumeFrom !== undefined && job.initFrom !== undefined) {
    throw new TrainingError({
      message: 'the job asks both to resume a run and to fine-tune from a checkpoint',
      hint: 'Resume continues a run exactly; fine-tuning starts a new one. Pick one.',
    });
  }
  if (job.resumeFrom !== undefined) {
    const checkpoint = readCheckpoint(job.resumeFrom);
    const warnings = restoreSession(session, checkpoint);
    const { state } = session;
    const where = state.epochComplete
      ? `after epoch ${state.epoch}`
      : `in epoch ${state.epoch} after step ${state.stepInEpoch}`;
    log(io, 'info', `Resuming from ${checkpoint.path} ${where} (optimizer step ${state.globalStep}).`);
    for (const warning of warnings)
      log(io, 'warning', `This resume will not reproduce an uninterrupted run: ${warning}.`);
    return undefined;
  }
  if (job.initFrom === undefined) return undefined;
  const checkpoint = readCheckpoint(job.initFrom);
  const report = initialiseFrom(session.network, checkpoint, job.classes);
  session.average?.reset();
  log(
    io,
    'info',
    `Fine-tuning from ${checkpoint.path}: loaded ${report.loaded} of ${report.total} weights; ${describeMapping(report.mapping)}.`,
  );
  if (report.unmatched.length > 0) {
    log(
      io,
      'warning',
      `These weights were not in the checkpoint (or differ in shape) and start from scratch: ${report.unmatched.join(', ')}.`,
    );
  }
  return report.mapping;
}

async function train(job: TrainJob, io: TrainIo): Promise<TrainResult> {
  const hyperparameters = job.hyperparameters;
  const { task, classes } = job;
  const selected = await selectBackend({
    device: job.device,
    ...(job.searchDirectories ? { searchDirectories: job.searchDirectories } : {}),
    ...(job.backends ? { only: job.backends } : {}),
  });
  log(io, 'info', selected.summary);
  const spec: NetworkSpec = {
    task,
    arch: job.arch,
    numClasses: numClassesFor(task, classes.length),
    inputSize: hyperparameters.input_size,
    seed: hyperparameters.seed,
  };
  const network = buildNetwork(spec);
  const optimizer = createOptimizer(hyperparameters.optimizer, network.trainable);
  const average = hyperparameters.ema.enabled
    ? new WeightAverage([...network.trainable, ...network.state], hyperparameters.ema.decay)
    : undefined;
  const pipelines: ImagePipeline[] = [];
  try {
    const plan = planEpoch(job.train.length, hyperparameters.batch_size, network.state.length > 0);
    const session: Session = {
      hyperparameters,
      classes,
      backend: selected.backend,
      network,
      head: taskHeadFor(spec),
      optimizer,
      average,
      plan,
      trainItems: {
        count: job.train.length,
        refsSha256: sha256Of(job.train.map((item) => item.ref).join('\n')),
      },
      outputDir: job.outputDir,
      state: initialRunState(),
    };
    removeOrphans(path.join(job.outputDir, CHECKPOINTS_FOLDER));
    const classMapping = startFrom(job, io, session);
    const pipelineOptions = { task, classes, inputSize: hyperparameters.input_size, cache: job.cache };
    const trainPipeline = createPipeline(job.train, {
      ...pipelineOptions,
      augmentation: hyperparameters.augmentation,
    });
    pipelines.push(trainPipeline);
    const valPipeline = job.val.length > 0 ? createPipeline(job.val, pipelineOptions) : undefined;
    if (valPipeline) pipelines.push(valPipeline);
    const { state } = session;
    io.emit({
      type: 'train_started',
      totalEpochs: hyperparameters.epochs,
      stepsPerEpoch: plan.stepsPerEpoch,
      startEpoch: state.epochComplete ? state.epoch + 1 : state.epoch,
      backend: selected.backend,
      skippedBackends: selected.skipped.map(({ backend, reason }) => ({ backend, reason })),
      trainSize: job.train.length,
      valSize: job.val.length,
    });
    if (plan.note !== undefined) log(io, 'info', plan.note);
    if (valPipeline === undefined) {
      log(
        io,
        'warning',
        'There are no validation images: no best checkpoint, and no early stopping. Use last.',
      );
    }
    const loop: Loop = {
      job,
      io,
      session,
      schedule: createSchedule(hyperparameters, plan.stepsPerEpoch),
      stepParts: { ...session, clipGradNorm: hyperparameters.clip_grad_norm },
      train: trainPipeline,
      val: valPipeline,
      clock: new ProgressClock(job.val.length),
      totalSteps: hyperparameters.epochs * plan.stepsPerEpoch,
      lastSavedAt: undefined,
    };
    const status = await runEpochs(loop);
    const epochs = state.epochComplete ? state.epoch : state.epoch - 1;
    const hasBest = state.checkpoints.includes(CHECKPOINT_NAMES.best);
    const bestCheckpoint = hasBest ? checkpointPath(CHECKPOINT_NAMES.best) : undefined;
    io.emit({
      type: 'train_finished',
      status,
      epochs,
      ...(bestCheckpoint === undefined ? {} : { bestCheckpoint }),
      ...(state.best === undefined ? {} : { bestMetric: state.best.value }),
    });
    return {
      status,
      epochs,
      checkpoints: orderedCheckpoints(state.checkpoints),
      ...(bestCheckpoint === undefined ? {} : { bestCheckpoint }),
      ...(state.best === undefined ? {} : { bestMetric: { name: state.best.name, value: state.best.value } }),
      lastCheckpoint: checkpointPath(CHECKPOINT_NAMES.last),
      ...(classMapping === undefined ? {} : { classMapping }),
      backend: selected.backend,
    };
  } finally {
    await Promise.all(pipelines.map((pipeline) => pipeline.close()));
    average?.dispose();
    optimizer.dispose();
    network.dispose();
  }
}

/**
 * Trains a model as the job says, emitting progress events and honouring stop requests between batches.
 * Any failure is emitted as an `error` event. A problem with the user's files is thrown as a TrainingError;
 * anything else (an impossible device, a defect) is thrown as it is, so that its own kind and hint reach
 * the user. Checkpoints on disk stay loadable whatever happens.
 */
export async function trainModel(job: TrainJob, io: TrainIo): Promise<TrainResult> {
  try {
    return await train(job, io);
  } catch (error) {
    io.emit({ type: 'error', ...problemOf(error) });
    throw isFileProblem(error) ? asTrainingError(error) : error;
  }
}
