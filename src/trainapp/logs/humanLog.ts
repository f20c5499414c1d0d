import type { TrainerEvent } from '../../core/events';

// The human side of the trainer events: one concise line per event (two for an error with a hint), the
// same in logs/train.log and on the terminal. No colour here; eventLevel lets a terminal choose one.

export type LogLevel = 'info' | 'warning' | 'error';

/** What train_started tells about the run, so that step lines can say `epoch 3/20  step 12/40`. */
export interface RunShape {
  readonly totalEpochs: number;
  readonly stepsPerEpoch: number;
}

type EventOf<Type extends TrainerEvent['type']> = Extract<TrainerEvent, { type: Type }>;

export function eventLevel(event: TrainerEvent): LogLevel {
  switch (event.type) {
    case 'log':
      return event.level;
    case 'error':
      return 'error';
    case 'train_finished':
      if (event.status === 'failed') return 'error';
      return event.status === 'stopped' ? 'warning' : 'info';
    case 'finalize_step':
      return event.status === 'failed' ? 'warning' : 'info';
    case 'stopping':
      return 'warning';
    default:
      return 'info';
  }
}

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86400;
const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** `42s`, `1m 04s`, `2h 05m`, `3d 07h`: the two largest units. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < SECONDS_PER_MINUTE) return `${total}s`;
  if (total < SECONDS_PER_HOUR) {
    return `${Math.floor(total / SECONDS_PER_MINUTE)}m ${twoDigits(total % SECONDS_PER_MINUTE)}s`;
  }
  if (total < SECONDS_PER_DAY) {
    const minutes = Math.floor((total % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
    return `${Math.floor(total / SECONDS_PER_HOUR)}h ${twoDigits(minutes)}m`;
  }
  return `${Math.floor(total / SECONDS_PER_DAY)}d ${twoDigits(Math.floor((total % SECONDS_PER_DAY) / SECONDS_PER_HOUR))}h`;
}

/** Four decimals where that reads well (losses, accuracies), scientific notation far from 1. */
function formatMetric(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0 || (magnitude >= 1e-3 && magnitude < 1e5)) return value.toFixed(4);
  return value.toExponential(2);
}

/** Learning rates: `1.2e-3`. */
const formatRate = (value: number): string => (value === 0 ? '0' : value.toExponential(1));

/** `3/20`, the count padded to the total's width so that successive lines stay aligned. */
function ofTotal(count: number, total: number | undefined): string {
  if (total === undefined) return String(count);
  return `${String(count).padStart(String(total).length)}/${total}`;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function trainStartedText(event: EventOf<'train_started'>): string {
  const resuming = event.startEpoch > 1 ? `, resuming at epoch ${event.startEpoch}` : '';
  // Why earlier backends were skipped is the engine's own log line, just before this one.
  return (
    `training on ${event.backend}: ${plural(event.totalEpochs, 'epoch')} of ${plural(event.stepsPerEpoch, 'step')}, ` +
    `${event.trainSize} train / ${event.valSize} val images${resuming}`
  );
}

function stepText(event: EventOf<'step_finished'>, shape: RunShape | undefined): string {
  const speed = event.imagesPerSecond.toFixed(event.imagesPerSecond < 10 ? 1 : 0).padStart(4);
  return [
    `epoch ${ofTotal(event.epoch, shape?.totalEpochs)}`,
    `step ${ofTotal(event.step, shape?.stepsPerEpoch)}`,
    `loss ${formatMetric(event.loss)}`,
    `lr ${formatRate(event.lr)}`,
    `${speed} img/s`,
    `ETA ${formatDuration(event.etaSeconds)}`,
  ].join('  ');
}

function epochText(event: EventOf<'epoch_finished'>, shape: RunShape | undefined): string {
  const metrics = Object.entries(event.metrics).map(([name, value]) => `${name} ${formatMetric(value)}`);
  const eta = event.etaSeconds > 0 ? [`ETA ${formatDuration(event.etaSeconds)}`] : [];
  return [`epoch ${ofTotal(event.epoch, shape?.totalEpochs)} done`, ...metrics, ...eta].join('  ');
}

function checkpointText(event: EventOf<'checkpoint_saved'>): string {
  const metric = event.metric === undefined ? '' : `, metric ${formatMetric(event.metric)}`;
  return `checkpoint ${event.name} saved (epoch ${event.epoch}${metric}): ${event.path}`;
}

function trainFinishedText(event: EventOf<'train_finished'>): string {
  const best =
    event.bestCheckpoint === undefined
      ? ''
      : `, best checkpoint ${event.bestCheckpoint}` +
        (event.bestMetric === undefined ? '' : ` (${formatMetric(event.bestMetric)})`);
  return `run ${event.status} after ${plural(event.epochs, 'epoch')}${best}`;
}

function errorText(event: EventOf<'error'>): string {
  const file = event.file === undefined ? '' : ` (${event.file})`;
  const hint = event.hint === undefined ? '' : `\n  ${event.hint}`;
  return `error: ${event.message}${file}${hint}`;
}

/**
 * The human text of an event: one line, or several separated by `\n`; undefined for events that are not
 * for people (epoch_started, which the step lines repeat, and the framework's raw result).
 */
export function formatEvent(event: TrainerEvent, shape?: RunShape): string | undefined {
  switch (event.type) {
    case 'experiment_opened':
      return `Experiment folder: ${event.experimentDir}`;
    case 'train_started':
      return trainStartedText(event);
    case 'epoch_started':
    case 'result':
      return undefined;
    case 'step_finished':
      return stepText(event, shape);
    case 'epoch_finished':
      return epochText(event, shape);
    case 'checkpoint_saved':
      return checkpointText(event);
    case 'log':
      return event.level === 'info' ? event.message : `${event.level}: ${event.message}`;
    case 'stopping':
      return `stopping: ${event.reason}`;
    case 'finalize_step':
      // A step's end says all there is to say; its start would double the lines.
      if (event.status === 'started') return undefined;
      return `finalize ${event.step}: ${event.status}${event.message === undefined ? '' : ` (${event.message})`}`;
    case 'train_finished':
      return trainFinishedText(event);
    case 'error':
      return errorText(event);
  }
}
