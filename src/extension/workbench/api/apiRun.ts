import type { ExperimentInfo } from '../../../core/schemas';
import { readExperimentInfo } from '../../../trainapp/experiments';
import type { TrainerRun } from '../runs/types';
import { UserError } from '../userError';
import type { QueuedJob, RunQueue } from './runQueue';
import type { RunHandle } from './types';

// One run submitted through the API, from its app_state file to its experiment_info.json. No vscode here:
// the unit tests drive it with real promises.

/** held: made with autostart false and not started yet. */
type Phase = 'held' | 'queued' | 'starting' | 'running' | 'ended';

export interface Settle<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
}

/** A promise with its resolve and reject, for a result that arrives from elsewhere. */
export function settle<T>(): Settle<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // The caller may await only one of a handle's promises: the other's rejection is not a crash.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export interface ApiRunSetup {
  readonly id: string;
  readonly queue: RunQueue<ApiRun>;
  /** Starts the trainer process (and shows it among the live runs). */
  readonly launch: () => Promise<TrainerRun>;
  /** Why the run may not be queued now (an untrusted workspace); checked when it is. */
  readonly refusal: () => Error | undefined;
}

export class ApiRun implements RunHandle, QueuedJob {
  readonly id: string;
  private readonly folderSettle = settle<string>();
  private readonly doneSettle = settle<ExperimentInfo>();
  private phase: Phase = 'held';
  /** The trainer once the launcher has started it; undefined when it could not. */
  private readonly launched = settle<TrainerRun | undefined>();

  constructor(private readonly setup: ApiRunSetup) {
    this.id = setup.id;
  }

  get folder(): Promise<string> {
    return this.folderSettle.promise;
  }

  get done(): Promise<ExperimentInfo> {
    return this.doneSettle.promise;
  }

  /** Where the run is: its tests follow it through its phases. */
  get state(): Phase {
    return this.phase;
  }

  start(): void {
    if (this.phase !== 'held') return;
    const refusal = this.setup.refusal();
    if (refusal) {
      this.endUnstarted(refusal);
      return;
    }
    this.phase = 'queued';
    this.setup.queue.add(this);
  }

  async stop(): Promise<void> {
    switch (this.phase) {
      case 'held':
      case 'queued':
        this.setup.queue.remove(this);
        this.endUnstarted(
          new UserError(`The run ${this.id} was stopped before it started.`, 'Submit it again to train it.'),
        );
        return;
      case 'starting':
      case 'running':
        // A run still starting is stopped as soon as the launcher hands over its trainer.
        await (await this.launched.promise)?.stop();
        return;
      case 'ended':
        return;
    }
  }

  /** Drops a run that has not started; a started one is stopped gracefully. */
  async abandon(reason: Error): Promise<void> {
    if (this.phase === 'held' || this.phase === 'queued') {
      this.setup.queue.remove(this);
      this.endUnstarted(reason);
      return;
    }
    await this.stop();
  }

  /** The queue's job: from the launch to the end of the process, which frees the slot. */
  async run(): Promise<void> {
    this.phase = 'starting';
    try {
      const trainer = await this.setup.launch();
      this.phase = 'running';
      this.launched.resolve(trainer);
      trainer.experimentDir.then(this.folderSettle.resolve, this.folderSettle.reject);
      await trainer.exit;
    } catch (error) {
      // No Node to run the CLI: the launcher's UserError says which setting to fix.
      this.launched.resolve(undefined);
      this.folderSettle.reject(error);
    }
    this.phase = 'ended';
    void this.readResult();
  }

  /** experiment_info.json as the process left it, whatever its status. */
  private async readResult(): Promise<void> {
    try {
      this.doneSettle.resolve(readExperimentInfo(await this.folder));
    } catch (error) {
      this.doneSettle.reject(error);
    }
  }

  private endUnstarted(reason: Error): void {
    this.phase = 'ended';
    this.folderSettle.reject(reason);
    this.doneSettle.reject(reason);
    this.launched.resolve(undefined);
  }
}

/** A run refused before it was made (an invalid option, no folder open): both promises reject. */
export function refusedRun(id: string, reason: Error): RunHandle {
  const rejected = Promise.reject(reason);
  rejected.catch(() => undefined);
  return {
    id,
    folder: rejected,
    done: rejected,
    start: () => undefined,
    stop: () => Promise.resolve(),
  };
}
