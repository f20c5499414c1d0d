import { execFile } from 'node:child_process';
import { SETTINGS } from '../../ids';
import { UserError } from '../userError';
import { isSupportedNode, MINIMUM_NODE_TEXT, parseNodeVersion } from './nodeVersion';

// Trainers run under a Node of the user's (never inside VS Code): the setting trainStudio.nodePath, or else
// the `node` on PATH. Before the first run, and again whenever the setting changes, that Node must prove it
// can run this extension's CLI, so that a wrong Node fails with a fix instead of a cryptic trainer crash.

export const NODE_PATH_SETTING = `${SETTINGS.section}.${SETTINGS.nodePath}`;

/** A slow disk or a busy machine can take seconds to start Node; a hung one must not hang the run. */
const CHECK_TIMEOUT_MS = 30_000;
const QUOTED_OUTPUT_LENGTH = 200;

/** No Node can run the CLI. Where it is shown, an "Open Settings" action goes to trainStudio.nodePath. */
export class NodeUnavailableError extends UserError {
  constructor(node: string, problem: string) {
    super(
      `Train Studio cannot start the trainer with ${node}: ${problem}`,
      `Set ${NODE_PATH_SETTING} to a Node.js ${MINIMUM_NODE_TEXT} (or newer) executable, or install Node.js ${MINIMUM_NODE_TEXT}+ so that \`node\` is on PATH.`,
    );
    this.name = 'NodeUnavailableError';
  }
}

export interface NodeResolverOptions {
  readonly cliPath: string;
  /** This extension's version, which its own CLI prints. */
  readonly version: string;
  /** The setting's current value; empty means the `node` on PATH. */
  readonly nodePath: () => string;
}

interface Output {
  readonly stdout: string;
  readonly stderr: string;
}

const quotedLine = (line: string) =>
  JSON.stringify(line.length > QUOTED_OUTPUT_LENGTH ? `${line.slice(0, QUOTED_OUTPUT_LENGTH)}…` : line);

/** What a program printed, in one line. */
const quoted = (text: string) => quotedLine(text.trim().split('\n')[0] ?? '');

/** Node's own failure on stderr: the `Error: …` line, not the source location that comes first. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  return quotedLine(
    lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.findLast((line) => line !== '') ?? '',
  );
}

function run(
  program: string,
  args: readonly string[],
  describe: (problem: string) => Error,
): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { timeout: CHECK_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        // A number when the program ran and failed, a string when it could not start.
        const code = (error as { code?: unknown }).code;
        const command = [program, ...args].join(' ');
        if (code === 'ENOENT') reject(describe('it was not found.'));
        else if (code === 'EACCES') reject(describe('it cannot be executed (permission denied).'));
        else if (error.killed) {
          reject(describe(`\`${command}\` did not finish within ${String(CHECK_TIMEOUT_MS / 1000)} s.`));
        } else {
          reject(describe(`\`${command}\` exited with code ${String(code)}: ${errorLine(stderr)}.`));
        }
      },
    );
  });
}

export class NodeResolver {
  /** The last setting value checked, and its check; a failed check is dropped so that the next use retries. */
  private checked: { readonly setting: string; readonly node: Promise<string> } | undefined;

  constructor(private readonly options: NodeResolverOptions) {}

  /** The Node to run the CLI with, checked; rejects with a NodeUnavailableError. */
  resolve(): Promise<string> {
    const setting = this.options.nodePath();
    if (this.checked?.setting !== setting) {
      const node = this.check(setting);
      this.checked = { setting, node };
      // Installing Node or fixing PATH must not need a reload: only a success is remembered.
      node.catch(() => {
        if (this.checked?.node === node) this.checked = undefined;
      });
    }
    return this.checked.node;
  }

  private async check(setting: string): Promise<string> {
    const node = setting === '' ? 'node' : setting;
    const which = setting === '' ? 'the `node` on PATH' : `${setting} (the setting ${NODE_PATH_SETTING})`;
    const fail = (problem: string) => new NodeUnavailableError(which, problem);
    const nodeVersion = (await run(node, ['--version'], fail)).stdout;
    const version = parseNodeVersion(nodeVersion);
    if (!version) throw fail(`it is not Node.js: \`${node} --version\` printed ${quoted(nodeVersion)}.`);
    if (!isSupportedNode(version)) {
      throw fail(`it is Node.js ${nodeVersion.trim()}, and the trainer needs ${MINIMUM_NODE_TEXT} or newer.`);
    }
    const cliVersion = (await run(node, [this.options.cliPath, '--version'], fail)).stdout.trim();
    if (cliVersion !== this.options.version) {
      throw fail(
        `the trainer (${this.options.cliPath}) printed the version ${quoted(cliVersion)}, not this extension's ${this.options.version}.`,
      );
    }
    return node;
  }
}
