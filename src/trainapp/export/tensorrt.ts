import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ONNX_INPUT_NAME } from '../../engine/export';
import { RunError } from '../runError';

// TensorRT engines are built by NVIDIA's trtexec from the ONNX export, with a dynamic batch of 1 to 32
// (optimised for 8). TensorRT is not a package we can install: without trtexec, the export says so.

const TRTEXEC = process.platform === 'win32' ? 'trtexec.exe' : 'trtexec';
/** Where NVIDIA's TensorRT packages and containers put trtexec, off the PATH. */
const KNOWN_LOCATIONS = ['/usr/src/tensorrt/bin/trtexec'];
const BATCH = { min: 1, opt: 8, max: 32 } as const;
/** Lines of trtexec's output quoted when it fails; all of them are in the run log. */
const TAIL_LINES = 8;

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
  readonly onnxFile: string;
  /** Where trtexec saves the engine. */
  readonly engineFile: string;
  readonly inputSize: number;
  /** Each line trtexec prints. */
  readonly log: (line: string) => void;
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
    message: `trtexec could not build a TensorRT engine from ${request.onnxFile}: it ${how}. ${quoted}`,
    hint: 'Its whole output is in logs/train.log. Check that trtexec runs on this machine (its GPU and driver), then export again.',
    file: request.trtexec,
  });
}

/** Runs trtexec; a RunError with the end of its output when it fails or saves no engine. */
export function buildEngine(request: EngineRequest): Promise<void> {
  const child = spawn(request.trtexec, trtexecArgs(request), { stdio: ['ignore', 'pipe', 'pipe'] });
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
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      reject(failed(request, `could not be started (${error.message})`, []));
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const how = code === null ? `was killed by ${String(signal)}` : `exited with code ${String(code)}`;
        reject(failed(request, how, tail));
      } else if (!isNonEmptyFile(request.engineFile)) {
        reject(failed(request, 'exited with code 0 but saved no engine', tail));
      } else {
        resolve();
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
