import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { parseTrainerCommand } from '../../core/events';

// How a run is asked to stop or to checkpoint. The loop only polls a StopSignal between batches, so a
// request never interrupts a batch or a checkpoint write; whoever owns the process binds the signal to
// SIGINT, SIGTERM and stdin commands with bindStopToProcess.

export interface StopSignal {
  /** Set once a stop was requested: finish the current batch, save `last`, return `stopped`. */
  readonly stopRequested: boolean;
  /** Why, for the `stopping` event. */
  readonly stopReason: string | undefined;
  /** True once for each `checkpoint_now` request: taking it clears it. */
  takeCheckpointRequest(): boolean;
}

export class StopController implements StopSignal {
  private reason: string | undefined;
  private checkpointWanted = false;

  get stopRequested(): boolean {
    return this.reason !== undefined;
  }

  get stopReason(): string | undefined {
    return this.reason;
  }

  /** The first reason given is kept. */
  requestStop(reason: string): void {
    this.reason ??= reason;
  }

  requestCheckpoint(): void {
    this.checkpointWanted = true;
  }

  takeCheckpointRequest(): boolean {
    const wanted = this.checkpointWanted;
    this.checkpointWanted = false;
    return wanted;
  }
}

/** The part of a process that signals reach. */
export type SignalTarget = Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;

export interface ProcessStopOptions {
  /** Defaults to the current process. */
  readonly process?: SignalTarget;
  /** Where command lines arrive; defaults to process.stdin. Pass null to listen to signals only. */
  readonly input?: Readable | null;
  /** Told about a line that is not a valid command, so the trainer can log it; the line is ignored. */
  readonly onInvalidCommand?: (error: string) => void;
  /** Exit code of the immediate exit on a second SIGINT; 130 as shells report an interrupted program. */
  readonly forcedExitCode?: number;
}

/**
 * Binds a StopController to the trainer process: SIGINT and SIGTERM request a graceful stop, and so does a
 * `{"type":"stop"}` line on stdin; `{"type":"checkpoint_now"}` requests a checkpoint. A second SIGINT
 * exits at once (Ctrl+C twice): safe, because a checkpoint on disk is always either the old or the new
 * one (see checkpoint/save.ts). End of input is not a stop request: a trainer started with stdin closed
 * trains on. Returns a function that unbinds everything, letting the process exit.
 */
export function bindStopToProcess(controller: StopController, options: ProcessStopOptions = {}): () => void {
  const target = options.process ?? process;
  const input = options.input === undefined ? process.stdin : options.input;
  const onSigterm = () => {
    controller.requestStop('SIGTERM received');
  };
  const onSigint = () => {
    if (controller.stopRequested) target.exit(options.forcedExitCode ?? 130);
    controller.requestStop('SIGINT received');
  };
  target.on('SIGTERM', onSigterm);
  target.on('SIGINT', onSigint);

  const lines = input === null ? undefined : readline.createInterface({ input, crlfDelay: Infinity });
  lines?.on('line', (line) => {
    if (line.trim() === '') return;
    const command = parseTrainerCommand(line);
    if (!command.ok) {
      options.onInvalidCommand?.(command.error);
      return;
    }
    if (command.value.type === 'stop') controller.requestStop('stop command received');
    else controller.requestCheckpoint();
  });

  return () => {
    target.off('SIGTERM', onSigterm);
    target.off('SIGINT', onSigint);
    lines?.close();
    input?.pause();
  };
}
