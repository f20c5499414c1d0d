import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import type { TrainerCommand, TrainerEvent, TrainerEventBody } from '../../core/events';
import type { TargetFormat } from '../../core/schemas/framework';
import { RunError } from '../runError';
import type { RunProblem } from '../runError';
import { TRAINER_ENVIRONMENT, writeContextFile } from './contextFile';
import type { Framework, FrameworkContext } from './contract';
import { readEventLine } from './eventLine';
import { messageOf } from './failures';

// A framework that trains in a program of its own, in any language: it reads context.json, prints trainer
// events on stdout (one JSON object per line, `result` last), its logs on stderr, and takes `stop` and
// `checkpoint_now` commands on stdin. Its events pass through to the run as they come; `result` is what
// start() returns; a trainer's `error` event is the problem the run fails with. train_finished and
// finalize_step belong to the lifecycle, which sends its own after finalising: a trainer's are ignored.

export interface CommandFrameworkSpec {
  readonly name: string;
  readonly targetFormat: TargetFormat;
  /** The framework folder: the program runs in it. */
  readonly dir: string;
  /** The program and its arguments; not run through a shell. */
  readonly command: readonly [string, ...string[]];
  /** framework.json, which errors about the command point at. */
  readonly manifestPath: string;
  /** How long the trainer has to exit after SIGTERM before it is killed with SIGKILL. */
  readonly killGraceMs: number;
}

/** How often a stop or checkpoint request is looked for; a batch takes longer than this. */
const COMMAND_POLL_MS = 200;
/** stderr lines quoted when the trainer fails; all of them are in the run log. */
const STDERR_TAIL_LINES = 5;
const QUOTED_LINE_LENGTH = 120;

const withoutStamp = (event: TrainerEvent): TrainerEventBody => {
  const body: Partial<TrainerEvent> = { ...event };
  delete body.time;
  delete body.runId;
  return body as TrainerEventBody;
};

const quoted = (line: string) =>
  JSON.stringify(line.length > QUOTED_LINE_LENGTH ? `${line.slice(0, QUOTED_LINE_LENGTH)}…` : line);

/** One run of the trainer program. */
class TrainerProcess {
  private result: Record<string, unknown> | undefined;
  /** What the trainer said went wrong, in an `error` event. */
  private reported: RunProblem | undefined;
  /**
   * Set when the run cannot go on, because the trainer broke the protocol or its output could not be
   * recorded: the trainer is being killed, and the run fails with this.
   */
  private abortedBy: Error | undefined;
  private readonly stderrTail: string[] = [];
  private stdoutLineCount = 0;
  private stopSent = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly commandText: string;

  constructor(
    private readonly spec: CommandFrameworkSpec,
    private readonly context: FrameworkContext,
  ) {
    this.commandText = spec.command.join(' ');
  }

  run(contextFile: string): Promise<unknown> {
    const [program, ...args] = this.spec.command;
    const child = spawn(program, args, {
      cwd: this.spec.dir,
      env: {
        ...process.env,
        [TRAINER_ENVIRONMENT.context]: contextFile,
        [TRAINER_ENVIRONMENT.runId]: this.context.runId,
      },
      stdio: 'pipe',
    });
    // A trainer that exited, or closed its stdin, cannot take commands: its exit status tells the rest.
    child.stdin.on('error', () => undefined);
    readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      this.onStdoutLine(line, child);
    });
    readline.createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      this.recording(child, () => {
        this.onStderrLine(line);
      });
    });
    const poll = setInterval(() => {
      this.forwardRequests(child);
    }, COMMAND_POLL_MS);
    // Should this process exit while training (a second Ctrl+C), the trainer must not train on unwatched.
    const killOnExit = () => child.kill('SIGTERM');
    process.on('exit', killOnExit);
    const cleanUp = () => {
      clearInterval(poll);
      clearTimeout(this.killTimer);
      process.off('exit', killOnExit);
    };
    return new Promise((resolve, reject) => {
      child.on('error', (error) => {
        // Only a program that never started ends here; a failed kill of a running one still ends in `close`.
        if (child.pid !== undefined) return;
        cleanUp();
        reject(this.cannotStart(program, error));
      });
      child.on('close', (code, signal) => {
        cleanUp();
        const failure = this.failure(code, signal);
        if (failure) reject(failure);
        else resolve(this.result);
      });
    });
  }

  /** Ends the run with `error`: SIGTERM, then SIGKILL for a trainer that does not exit in time. */
  private abort(error: Error, child: ChildProcessWithoutNullStreams): void {
    // The first failure is the one to tell; a later one (every line failing on a full disk) changes nothing.
    if (this.abortedBy) return;
    this.abortedBy = error;
    child.kill('SIGTERM');
    this.killTimer = setTimeout(() => child.kill('SIGKILL'), this.spec.killGraceMs);
  }

  private onStdoutLine(line: string, child: ChildProcessWithoutNullStreams): void {
    this.stdoutLineCount += 1;
    if (this.abortedBy) return;
    const read = readEventLine(line, this.context.runId, new Date());
    if (read.kind === 'blank') return;
    if (read.kind === 'invalid') {
      const error = new RunError({
        message: `${this.spec.name}: line ${String(this.stdoutLineCount)} of \`${this.commandText}\`'s stdout is not a trainer event (${read.reason}): ${quoted(line)}`,
        hint: 'stdout is reserved for trainer events, one JSON object per line, such as {"type": "log", "level": "info", "message": "…"}. Print logs and any other output to stderr.',
      });
      this.abort(error, child);
      return;
    }
    this.recording(child, () => {
      this.dispatch(read.event);
    });
  }

  /** Runs what records the trainer's output: a failure to record it (a full disk) ends the run. */
  private recording(child: ChildProcessWithoutNullStreams, record: () => void): void {
    try {
      record();
    } catch (error) {
      this.abort(error instanceof Error ? error : new Error(String(error)), child);
    }
  }

  private dispatch(event: TrainerEvent): void {
    switch (event.type) {
      case 'result':
        this.result = event.result;
        return;
      case 'error':
        this.reported = {
          message: event.message,
          hint: event.hint ?? 'See logs/train.log.',
          ...(event.file === undefined ? {} : { file: event.file }),
        };
        return;
      case 'train_finished':
      case 'finalize_step':
        return;
      default:
        this.context.emit(withoutStamp(event));
    }
  }

  private onStderrLine(line: string): void {
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    this.context.logger.log(line);
  }

  private forwardRequests(child: ChildProcessWithoutNullStreams): void {
    const send = (command: TrainerCommand) => child.stdin.write(`${JSON.stringify(command)}\n`);
    if (this.context.stopRequested && !this.stopSent) {
      this.stopSent = true;
      send({ type: 'stop' });
    }
    if (this.context.stop.takeCheckpointRequest()) send({ type: 'checkpoint_now' });
  }

  private failure(code: number | null, signal: NodeJS.Signals | null): Error | undefined {
    if (this.abortedBy) return this.abortedBy;
    if (this.reported) {
      return new RunError({ ...this.reported, message: `${this.spec.name}: ${this.reported.message}` });
    }
    if (code !== 0) {
      const how = code === null ? `was killed by ${String(signal)}` : `exited with code ${String(code)}`;
      const tail =
        this.stderrTail.length === 0
          ? 'It printed nothing on stderr.'
          : `The last lines of its stderr:\n${this.stderrTail.join('\n')}`;
      return new RunError({
        message: `${this.spec.name}: \`${this.commandText}\` ${how}. ${tail}`,
        hint: 'Its whole stderr is in logs/train.log. Fix the trainer and start the run again.',
      });
    }
    if (this.result === undefined) {
      return new RunError({
        message: `${this.spec.name}: \`${this.commandText}\` finished without printing a \`result\` event.`,
        hint: 'Print {"type": "result", "result": {"model_name": …, "checkpoints": […], "best_checkpoint": …, "model_files": {…}}} as the last line of stdout, once the checkpoints are saved; also after a stop.',
      });
    }
    return undefined;
  }

  private cannotStart(program: string, error: Error): RunError {
    const code = 'code' in error ? error.code : undefined;
    const lookedUp = program.includes('/') ? this.spec.dir : `${this.spec.dir} and on the PATH`;
    const problems: Record<string, { reason: string; hint: string }> = {
      ENOENT: {
        reason: `there is no such program (looked for it from ${lookedUp})`,
        hint: 'Install it, or fix start.command in framework.json: a program in the framework folder is written ./name, a script as ["python", "train.py"].',
      },
      EACCES: {
        reason: 'permission denied',
        hint: 'Make it executable (chmod +x), or start it through its interpreter, such as ["sh", "train.sh"].',
      },
    };
    const known = typeof code === 'string' ? problems[code] : undefined;
    return new RunError({
      message: `${this.spec.name}: cannot start \`${program}\`: ${known?.reason ?? messageOf(error)}.`,
      hint: known?.hint ?? 'Check start.command in framework.json.',
      file: this.spec.manifestPath,
      field: 'start.command',
    });
  }
}

export function createCommandFramework(spec: CommandFrameworkSpec): Framework {
  return {
    name: spec.name,
    targetFormat: spec.targetFormat,
    async start(context) {
      const contextFile = writeContextFile(context);
      return new TrainerProcess(spec, context).run(contextFile);
    },
  };
}
