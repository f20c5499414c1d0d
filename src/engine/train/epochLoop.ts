import { PRIMARY_METRIC } from '../../metrics';
import { CHECKPOINT_NAMES, periodicCheckpointName } from '../checkpoint';
import type { ImagePipeline } from '../pipeline';
import { TrainingError } from './errors';
import { evaluateModel, finiteScores } from './evaluate';
import type { TrainIo, TrainJob, TrainResult } from './job';
import type { ProgressClock } from './progress';
import { epochSeeds, shuffledOrder } from './random';
import type { LearningRateSchedule } from './schedule';
import { saveSession } from './session';
import type { SaveOptions, Session } from './session';
import { trainStep } from './trainStep';
import type { TrainStepParts } from './trainStep';

// The epoch loop: steps, validation at each epoch's end, checkpoints, early stopping and stop requests.

/** Everything the epoch loop works with. */
export interface Loop {
  readonly job: TrainJob;
  readonly io: TrainIo;
  readonly session: Session;
  readonly schedule: LearningRateSchedule;
  readonly stepParts: TrainStepParts;
  readonly train: ImagePipeline;
  readonly val: ImagePipeline | undefined;
  readonly clock: ProgressClock;
  readonly totalSteps: number;
  /** The position `last` was saved at, so a stop right after an epoch's end does not save it again. */
  lastSavedAt: string | undefined;
}

const yieldToEventLoop = () =>
  new Promise<void>((resolve) => {
    setImmediate(resolve);
  });

const positionKey = ({ state }: Session): string =>
  `${state.epoch}:${state.stepInEpoch}:${String(state.epochComplete)}`;

async function save(loop: Loop, name: string, options?: SaveOptions): Promise<void> {
  await saveSession(loop.session, name, loop.io.emit.bind(loop.io), options);
  if (name === CHECKPOINT_NAMES.last) loop.lastSavedAt = positionKey(loop.session);
}

function etaSeconds(loop: Loop): number {
  const { state } = loop.session;
  const validationsLeft =
    loop.val === undefined
      ? 0
      : loop.session.hyperparameters.epochs - state.epoch + (state.epochComplete ? 0 : 1);
  return loop.clock.etaSeconds(loop.totalSteps - state.globalStep, validationsLeft);
}

/** Trains the rest of the current epoch; false when a stop request interrupted it. */
async function trainEpochSteps(loop: Loop): Promise<boolean> {
  const { session, io, job } = loop;
  const { state, hyperparameters, plan } = session;
  if (state.stepInEpoch >= plan.stepsPerEpoch) return true;
  const seeds = epochSeeds(hyperparameters.seed, state.epoch);
  const batches = loop.train.batches({
    order: shuffledOrder(job.train.length, seeds.shuffleSeed),
    batchSize: hyperparameters.batch_size,
    seed: seeds.augmentationSeed,
    startBatch: state.stepInEpoch,
    dropLast: plan.dropLast,
  });
  loop.clock.restart();
  for await (const batch of batches) {
    const learningRate = loop.schedule(state.globalStep + 1);
    const lossTensor = trainStep(loop.stepParts, batch, learningRate);
    const [loss = Number.NaN] = await lossTensor.data();
    lossTensor.dispose();
    if (!Number.isFinite(loss)) {
      throw new TrainingError({
        message: `the training loss became ${loss} at epoch ${state.epoch}, step ${state.stepInEpoch + 1}`,
        hint: 'Lower optimizer.lr, add warmup steps, or set clip_grad_norm (e.g. 10); the last checkpoint is from before.',
      });
    }
    state.globalStep += 1;
    state.stepInEpoch += 1;
    state.learningRate = learningRate;
    state.epochLossSum += loss;
    state.epochLossSteps += 1;
    loop.clock.stepDone(batch.size);
    io.emit({
      type: 'step_finished',
      epoch: state.epoch,
      step: state.stepInEpoch,
      globalStep: state.globalStep,
      totalSteps: loop.totalSteps,
      loss,
      lr: learningRate,
      imagesPerSecond: loop.clock.imagesPerSecond,
      etaSeconds: etaSeconds(loop),
    });
    // Signals and stdin commands are delivered between steps.
    await yieldToEventLoop();
    if (io.stop.stopRequested) return false;
    if (io.stop.takeCheckpointRequest()) await save(loop, CHECKPOINT_NAMES.last);
  }
  return true;
}

async function validate(loop: Loop, val: ImagePipeline) {
  const { session, job } = loop;
  const run = () =>
    evaluateModel({
      task: job.task,
      classes: job.classes,
      network: session.network,
      head: session.head,
      pipeline: val,
      batchSize: session.hyperparameters.batch_size,
    });
  return session.average === undefined ? run() : session.average.withAveragedWeights(run);
}

/** Validation, epoch event, best / periodic / last checkpoints; returns why training ends early, if it does. */
async function finishEpoch(loop: Loop): Promise<string | undefined> {
  const { session, io, val } = loop;
  const { state, hyperparameters } = session;
  const metrics: Record<string, number> = {
    train_loss: state.epochLossSum / Math.max(state.epochLossSteps, 1),
  };
  let metric: SaveOptions['metric'];
  let improved = false;
  if (val !== undefined) {
    const started = performance.now();
    const evaluation = await validate(loop, val);
    loop.clock.validationDone((performance.now() - started) / 1000);
    for (const [key, value] of Object.entries(finiteScores(evaluation))) metrics[`val_${key}`] = value;
    const name = `val_${PRIMARY_METRIC[loop.job.task]}`;
    const value = metrics[name];
    if (value !== undefined) {
      metric = { name, value };
      improved = state.best === undefined || value > state.best.value;
    }
    if (improved && metric !== undefined) {
      state.best = { ...metric, epoch: state.epoch };
      state.epochsWithoutImprovement = 0;
    } else {
      state.epochsWithoutImprovement += 1;
    }
  }
  state.epochComplete = true;
  io.emit({ type: 'epoch_finished', epoch: state.epoch, metrics, etaSeconds: etaSeconds(loop) });
  const options = { metric, metrics };
  if (improved) await save(loop, CHECKPOINT_NAMES.best, options);
  const every = hyperparameters.checkpoint_freq;
  if (every > 0 && state.epoch % every === 0) await save(loop, periodicCheckpointName(state.epoch), options);
  await save(loop, CHECKPOINT_NAMES.last, options);
  loop.clock.restart();
  const { patience, epochs } = hyperparameters;
  if (
    val !== undefined &&
    patience > 0 &&
    state.epochsWithoutImprovement >= patience &&
    state.epoch < epochs
  ) {
    const best =
      state.best === undefined
        ? 'no valid value yet'
        : `best ${state.best.value} at epoch ${state.best.epoch}`;
    return `early stopping: ${metric?.name ?? 'the validation metric'} has not improved for ${patience} epochs (${best})`;
  }
  return undefined;
}

async function stopNow(loop: Loop): Promise<'stopped'> {
  loop.io.emit({ type: 'stopping', reason: loop.io.stop.stopReason ?? 'stop requested' });
  if (loop.lastSavedAt !== positionKey(loop.session)) await save(loop, CHECKPOINT_NAMES.last);
  return 'stopped';
}

/**
 * Trains epoch after epoch from the session's position until the last epoch, an early stop or a stop
 * request; `last` is on disk whenever it returns.
 */
export async function runEpochs(loop: Loop): Promise<TrainResult['status']> {
  const { session, io } = loop;
  const { state } = session;
  for (;;) {
    if (io.stop.stopRequested) return stopNow(loop);
    if (state.epochComplete) {
      if (state.epoch >= session.hyperparameters.epochs) return 'completed';
      Object.assign(state, {
        epoch: state.epoch + 1,
        stepInEpoch: 0,
        epochComplete: false,
        epochLossSum: 0,
        epochLossSteps: 0,
      });
    }
    io.emit({ type: 'epoch_started', epoch: state.epoch });
    if (!(await trainEpochSteps(loop))) return stopNow(loop);
    const earlyStop = await finishEpoch(loop);
    if (earlyStop !== undefined) {
      io.emit({ type: 'stopping', reason: earlyStop });
      return 'completed';
    }
  }
}
