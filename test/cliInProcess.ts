import os from 'node:os';
import path from 'node:path';
import type { CliContext } from '../src/cli/context';
import { runCli } from '../src/cli/program';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs one `train-studio` invocation in this process, capturing its output. The package root points nowhere,
 * so nothing installed beside the repository (such as a GPU runtime) colours the result.
 */
export async function runCliInProcess(argv: readonly string[], cwd = os.tmpdir()): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    version: '9.9.9',
    packageRoot: path.join(os.tmpdir(), 'no-such-train-studio-install'),
    cwd,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const code = await runCli(argv, context);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
