/** What a command needs from its surroundings; tests run commands in-process with their own. */
export interface CliContext {
  readonly version: string;
  readonly packageRoot: string;
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}
