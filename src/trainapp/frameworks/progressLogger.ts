import type { TrainerEventBody } from '../../core/events';
import type { ProgressLogger } from './contract';

// The reference train_logger's calls, as a framework's start(ctx) makes them, turned into trainer events.
// The logger counts the global step and estimates what the framework does not say (steps per epoch, time
// left, throughput). A call with NaN or out of order is a bug in the framework's code: it throws at once,
// naming the call, rather than letting nonsense into the run's logs and charts.
//
// trainFinished() emits nothing: the lifecycle sends train_finished itself once the run is finalised, with
// the status and best checkpoint only it knows. The call only closes the logger to further progress.

export interface ProgressLoggerOptions {
  /** What train_started reports as the backend: the framework's name, or `external`. */
  readonly backend: string;
  readonly trainSize: number;
  readonly valSize: number;
  /** Milliseconds; Date.now unless a test drives the time. */
  readonly clock?: () => number;
}

/** A framework called ctx.logger wrongly. The message names the call and the argument at fault. */
export class ProgressLoggerError extends Error {
  override readonly name = 'ProgressLoggerError';
}

const LEVELS: ReadonlySet<unknown> = new Set(['info', 'warning', 'error']);

const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Argument checks: the logger's callers are often plain JavaScript, so the types are not a guarantee. */
function finiteNumber(call: string, name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ProgressLoggerError(`logger.${call}(): ${name} must be a finite number, got ${shown(value)}.`);
}

function countFromOne(call: string, name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new ProgressLoggerError(
    `logger.${call}(): ${name} must be a whole number from 1, got ${shown(value)}.`,
  );
}

function finiteMetrics(call: string, metrics: unknown): Record<string, number> {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw new ProgressLoggerError(
      `logger.${call}(): metrics must be an object of numbers by name, got ${shown(metrics)}.`,
    );
  }
  return Object.fromEntries(
    Object.entries(metrics).map(([key, value]) => [key, finiteNumber(call, `metrics.${key}`, value)]),
  );
}

type Phase = 'before' | 'training' | 'after';

class EventLogger implements ProgressLogger {
  private phase: Phase = 'before';
  private startTime = 0;
  private totalEpochs = 1;
  /** Steps per epoch as the framework declared them, or as counted in the first epoch it finished. */
  private knownStepsPerEpoch: number | undefined;
  private highestStep = 0;
  private globalStep = 0;
  private epochsFinished = 0;
  private readonly clock: () => number;

  constructor(
    private readonly emit: (event: TrainerEventBody) => void,
    private readonly options: ProgressLoggerOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  trainStarted(totalEpochs: number, details?: { readonly stepsPerEpoch?: number }): void {
    if (this.phase !== 'before') {
      throw new ProgressLoggerError('logger.trainStarted() was called a second time: call it once, first.');
    }
    this.totalEpochs = countFromOne('trainStarted', 'totalEpochs', totalEpochs);
    const declared = details?.stepsPerEpoch;
    if (declared !== undefined) {
      this.knownStepsPerEpoch = countFromOne('trainStarted', 'details.stepsPerEpoch', declared);
    }
    this.phase = 'training';
    this.startTime = this.clock();
    this.emit({
      type: 'train_started',
      totalEpochs: this.totalEpochs,
      stepsPerEpoch: this.stepsPerEpoch(),
      startEpoch: 1,
      backend: this.options.backend,
      skippedBackends: [],
      trainSize: this.options.trainSize,
      valSize: this.options.valSize,
    });
  }

  epochStarted(epoch: number): void {
    this.expectTraining('epochStarted');
    this.emit({ type: 'epoch_started', epoch: countFromOne('epochStarted', 'epoch', epoch) });
  }

  stepFinished(step: {
    readonly epoch: number;
    readonly step: number;
    readonly loss: number;
    readonly lr?: number;
  }): void {
    this.expectTraining('stepFinished');
    const epoch = countFromOne('stepFinished', 'epoch', step.epoch);
    const stepInEpoch = countFromOne('stepFinished', 'step', step.step);
    const loss = finiteNumber('stepFinished', 'loss', step.loss);
    const lr = step.lr === undefined ? 0 : finiteNumber('stepFinished', 'lr', step.lr);
    this.globalStep += 1;
    this.highestStep = Math.max(this.highestStep, stepInEpoch);
    const stepsPerEpoch = this.stepsPerEpoch();
    const stepsLeft = (this.totalEpochs - epoch) * stepsPerEpoch + (stepsPerEpoch - stepInEpoch);
    this.emit({
      type: 'step_finished',
      epoch,
      step: stepInEpoch,
      globalStep: this.globalStep,
      totalSteps: Math.max(this.globalStep, this.totalEpochs * stepsPerEpoch),
      loss,
      lr,
      imagesPerSecond: this.imagesPerSecond(),
      etaSeconds: this.secondsFor(stepsLeft, this.globalStep),
    });
  }

  epochFinished(epoch: number, metrics: Readonly<Record<string, number>>): void {
    this.expectTraining('epochFinished');
    const finished = countFromOne('epochFinished', 'epoch', epoch);
    const checked = finiteMetrics('epochFinished', metrics);
    this.epochsFinished += 1;
    // An epoch that reported no steps tells nothing about the others.
    if (this.knownStepsPerEpoch === undefined && this.highestStep > 0)
      this.knownStepsPerEpoch = this.highestStep;
    this.emit({
      type: 'epoch_finished',
      epoch: finished,
      metrics: checked,
      etaSeconds: this.secondsFor(this.totalEpochs - finished, this.epochsFinished),
    });
  }

  trainFinished(): void {
    this.expectTraining('trainFinished');
    this.phase = 'after';
  }

  log(message: string, level: 'info' | 'warning' | 'error' = 'info'): void {
    if (typeof message !== 'string') {
      throw new ProgressLoggerError(`logger.log(): message must be a string, got ${shown(message)}.`);
    }
    if (!LEVELS.has(level)) {
      throw new ProgressLoggerError(
        `logger.log(): level must be 'info', 'warning' or 'error', got ${shown(level)}.`,
      );
    }
    this.emit({ type: 'log', level, message });
  }

  private expectTraining(call: string): void {
    if (this.phase === 'before') {
      throw new ProgressLoggerError(
        `logger.${call}() was called before logger.trainStarted(): call trainStarted(totalEpochs) first.`,
      );
    }
    if (this.phase === 'after') {
      throw new ProgressLoggerError(`logger.${call}() was called after logger.trainFinished().`);
    }
  }

  /**
   * Until the framework says or an epoch ends, the train size is the estimate: one image per step is the
   * most steps an epoch can have, unless the framework already counted further.
   */
  private stepsPerEpoch(): number {
    return this.knownStepsPerEpoch ?? Math.max(1, this.options.trainSize, this.highestStep);
  }

  private elapsedSeconds(): number {
    return Math.max(0, this.clock() - this.startTime) / 1000;
  }

  /** Time for `left` more units at the average pace of the `done` ones so far. */
  private secondsFor(left: number, done: number): number {
    if (done === 0 || left <= 0) return 0;
    return (this.elapsedSeconds() / done) * left;
  }

  /** Only with a known number of steps per epoch is a step's batch size known, as train size / steps. */
  private imagesPerSecond(): number {
    const elapsed = this.elapsedSeconds();
    if (this.knownStepsPerEpoch === undefined || elapsed === 0) return 0;
    return ((this.options.trainSize / this.knownStepsPerEpoch) * this.globalStep) / elapsed;
  }
}

/** A ProgressLogger that emits trainer events; it throws ProgressLoggerError on a wrong call. */
export function createProgressLogger(
  emit: (event: TrainerEventBody) => void,
  options: ProgressLoggerOptions,
): ProgressLogger {
  return new EventLogger(emit, options);
}
