import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ONNX_INPUT_NAME } from '../../engine/export';
import type { StopSignal } from '../../engine/train/stop';
import { RunError } from '../runError';
import { exportStopped } from './stopped';

// TensorRT engines are built by NVIDIA's trtexec from the ONNX export, with a dynamic batch of 1 to 32
// (optimised for 8). TensorRT is not a package we can install: without trtexec, the export says so.
// A build takes minutes, so a stop request ends it: trtexec runs in a process group of its own, which is
// killed whole (a wrapper script's children with it), and the export writes nothing.

const TRTEXEC = process.platform === 'win32' ? 'trtexec.exe' : 'trtexec';
/** Where NVIDIA's TensorRT packages and containers put trtexec, off the PATH. */
const KNOWN_LOCATIONS = ['/usr/src/tensorrt/bin/trtexec'];
const BATCH = { min: 1, opt: 8, max: 32 } as const;
/** Lines of trtexec's output quoted when it fails; all of them are in the run log. */
const TAIL_LINES = 8;
/** How often a running build looks at the stop signal, which is polled as the training loop polls it. */
const STOP_POLL_MS = 100;
/** How long trtexec has to end on SIGTERM before it is killed outright. */
const KILL_GRACE_MS = 5000;
/** Only POSIX has process groups; elsewhere the child alone is killed. */
const OWN_GROUP = process.platform !== 'win32';

export const TRTEXEC_MISSING =
  'trtexec is not on PATH: install TensorRT (it comes with trtexec), put the folder holding trtexec on PATH, and run the export again.';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** trtexec on PATH, else where TensorRT installs it; undefined when it is in neither. */
export function findTrtexec(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folders = (env.PATH ?? '').split(path.delimiter).filter((folder) => folder !== '');
  return [...folders.map((folder) => path.join(folder, TRTEXEC)), ...KNOWN_LOCATIONS].find(isExecutable);
}

export interface EngineRequest {
  readonly trtexec: string;
  /** The checkpoint exported, such as best.json, for messages: the staged files are gone when one is read. */
  readonly checkpoint: string;
  readonly onnxFile: string;
  /** Where trtexec saves the engine. */
  readonly engineFile: string;
  readonly inputSize: number;
  /** Each line trtexec prints. */
  readonly log: (line: string) => void;
  /** A stop request kills trtexec, and the build fails with a RunError saying it was stopped. */
  readonly stop?: StopSignal;
}

export function trtexecArgs(request: EngineRequest): string[] {
  const shape = (batch: number) =>
    `${ONNX_INPUT_NAME}:${String(batch)}x3x${String(request.inputSize)}x${String(request.inputSize)}`;
  return [
    `--onnx=${request.onnxFile}`,
    `--saveEngine=${request.engineFile}`,
    `--minShapes=${shape(BATCH.min)}`,
    `--optShapes=${shape(BATCH.opt)}`,
    `--maxShapes=${shape(BATCH.max)}`,
  ];
}

function failed(request: EngineRequest, how: string, tail: readonly string[]): RunError {
  const quoted = tail.length === 0 ? 'It printed nothing.' : `Its last lines:\n${tail.join('\n')}`;
  return new RunError({
    message: `trtexec could not build a TensorRT engine from the ONNX export of ${request.checkpoint}: it ${how}. ${quoted}`,
    hint: 'Its whole output is in logs/train.log. Check that trtexec runs on this machine (its GPU and driver), then export again.',
    file: request.trtexec,
  });
}

/** Kills trtexec, with its process group when it has one; quietly when it has ended meanwhile. */
function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (OWN_GROUP && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/**
 * Runs trtexec; a RunError with the end of its output when it fails or saves no engine, or saying the
 * export was stopped when a stop request killed it.
 */
export function buildEngine(request: EngineRequest): Promise<void> {
  const { stop } = request;
  if (stop?.stopRequested) return Promise.reject(exportStopped(request.checkpoint, stop));
  const child = spawn(request.trtexec, trtexecArgs(request), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: OWN_GROUP,
  });
  const tail: string[] = [];
  const onLine = (line: string) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    request.log(trimmed);
    tail.push(trimmed);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onLine);
  readline.createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', onLine);
  // Out of its own group, trtexec no longer gets the terminal's Ctrl+C: a process that exits at once (a
  // second Ctrl+C) takes it down with it.
  const killOnExit = () => {
    kill(child, 'SIGKILL');
  };
  process.on('exit', killOnExit);
  let stopped = false;
  let forceKill: NodeJS.Timeout | undefined;
  const watch =
    stop &&
    setInterval(() => {
      if (stopped || !stop.stopRequested) return;
      stopped = true;
      kill(child, 'SIGTERM');
      forceKill = setTimeout(() => {
        kill(child, 'SIGKILL');
      }, KILL_GRACE_MS);
    }, STOP_POLL_MS);
  return new Promise((resolve, reject) => {
    const settle = (outcome: RunError | undefined) => {
      clearInterval(watch);
      clearTimeout(forceKill);
      process.off('exit', killOnExit);
      if (outcome) reject(outcome);
      else resolve();
    };
    child.on('error', (error) => {
      settle(failed(request, `could not be started (${error.message})`, []));
    });
    child.on('close', (code, signal) => {
      if (stopped && stop) {
        settle(exportStopped(request.checkpoint, stop));
      } else if (code !== 0) {
        const how = code === null ? `was killed by ${String(signal)}` : `exited with code ${String(code)}`;
        settle(failed(request, how, tail));
      } else if (!isNonEmptyFile(request.engineFile)) {
        settle(failed(request, 'exited with code 0 but saved no engine', tail));
      } else {
        settle(undefined);
      }
    });
  });
}

function isNonEmptyFile(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}
