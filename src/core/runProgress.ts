import type { TrainerEvent } from './events';
import type { RunStatus } from './names';

// Where a live run is, folded from its trainer events: the status bar, the tree and the panel all show this
// one summary, so they never disagree about the epoch or the ETA.

export type RunPhase = 'starting' | 'preparing' | 'training' | 'finalizing' | 'ended';

export interface RunProgress {
  readonly phase: RunPhase;
  /** Absolute; known from the first event (`experiment_opened`). */
  readonly experimentDir?: string;
  /** The epoch being trained, 1-based. */
  readonly epoch?: number;
  readonly totalEpochs?: number;
  readonly globalStep?: number;
  readonly totalSteps?: number;
  /** Share of training done, 0 to 1, resumed steps included. */
  readonly fraction?: number;
  readonly etaSeconds?: number;
  /** The latest epoch's metrics (`train_loss`, `val_…`). */
  readonly metrics: Readonly<Record<string, number>>;
  /** How the run ended, from `train_finished`. */
  readonly status?: RunStatus;
  readonly error?: { readonly message: string; readonly hint?: string };
}

export const INITIAL_PROGRESS: RunProgress = { phase: 'starting', metrics: {} };

export function advanceProgress(progress: RunProgress, event: TrainerEvent): RunProgress {
  switch (event.type) {
    case 'experiment_opened':
      return { ...progress, phase: 'preparing', experimentDir: event.experimentDir };
    case 'train_started':
      return {
        ...progress,
        phase: 'training',
        totalEpochs: event.totalEpochs,
        epoch: event.startEpoch,
        totalSteps: event.totalEpochs * event.stepsPerEpoch,
        fraction: ((event.startEpoch - 1) * event.stepsPerEpoch) / (event.totalEpochs * event.stepsPerEpoch),
      };
    case 'epoch_started':
      return { ...progress, epoch: event.epoch };
    case 'step_finished':
      return {
        ...progress,
        epoch: event.epoch,
        globalStep: event.globalStep,
        totalSteps: event.totalSteps,
        fraction: Math.min(1, event.globalStep / event.totalSteps),
        etaSeconds: event.etaSeconds,
      };
    case 'epoch_finished':
      return { ...progress, metrics: event.metrics, etaSeconds: event.etaSeconds };
    case 'finalize_step':
      return { ...progress, phase: 'finalizing', etaSeconds: undefined };
    case 'train_finished':
      return { ...progress, phase: 'ended', status: event.status, etaSeconds: undefined };
    case 'error':
      return {
        ...progress,
        error: { message: event.message, ...(event.hint === undefined ? {} : { hint: event.hint }) },
      };
    case 'checkpoint_saved':
    case 'log':
    case 'stopping':
    case 'result':
      return progress;
  }
}

/** `1:05`, `1:02:05`: an ETA as people read one. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0
    ? `${String(hours)}:${String(minutes).padStart(2, '0')}:${secs}`
    : `${String(minutes)}:${secs}`;
}

/** One short line, such as `epoch 3/15 · 20% · ETA 1:23`, or the phase while there is no epoch yet. */
export function describeProgress(progress: RunProgress): string {
  if (progress.phase === 'ended') return progress.status ?? 'ended';
  if (progress.phase === 'finalizing') return 'finalising';
  if (progress.epoch === undefined || progress.totalEpochs === undefined) return progress.phase;
  const parts = [`epoch ${String(progress.epoch)}/${String(progress.totalEpochs)}`];
  if (progress.fraction !== undefined) parts.push(`${String(Math.floor(progress.fraction * 100))}%`);
  if (progress.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(progress.etaSeconds)}`);
  return parts.join(' · ');
}
