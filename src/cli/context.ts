import type { StopController } from '../engine/train/stop';

/** What a command needs from its surroundings; tests run commands in-process with their own. */
export interface CliContext {
  readonly version: string;
  readonly packageRoot: string;
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /**
   * Binds a run's stop controller to the process (signals, stdin commands); returns the unbinding. Absent
   * in-process, where a test stops runs through the controller itself.
   */
  readonly bindStop?: (stop: StopController) => () => void;
  /** Colour the human log: stderr is a terminal that takes colour. */
  readonly colour?: boolean;
  /** The environment variables commands read (TRAIN_STUDIO_CACHE); defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
}
