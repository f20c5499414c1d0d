import fs from 'node:fs';
import path from 'node:path';
import { CheckpointError } from './errors';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CheckpointSidecar,
  CHECKPOINT_SIDECAR_EXTENSION,
} from './format';
import type { TensorGroup } from './format';
import { sha256Of } from './save';
import { unpackTensors } from './tensorFile';
import type { HostTensor } from './tensorFile';

export interface StoredCheckpoint {
  /** Absolute path of the sidecar. */
  readonly path: string;
  readonly sidecar: CheckpointSidecar;
  readonly tensors: readonly HostTensor[];
}

const DAMAGED_HINT =
  'The checkpoint is damaged or was edited; use another checkpoint from the same folder (best.json, last.json or epoch_<n>.json).';

function fail(file: string, message: string, hint = DAMAGED_HINT): never {
  throw new CheckpointError({ file, message, hint });
}

function readSidecar(file: string): CheckpointSidecar {
  if (!file.endsWith(CHECKPOINT_SIDECAR_EXTENSION)) {
    fail(
      file,
      'a checkpoint is given by its .json sidecar',
      `Give ${path.basename(file)}'s sidecar, <name>.json, in the same folder.`,
    );
  }
  if (!fs.existsSync(file)) {
    fail(
      file,
      'the checkpoint does not exist',
      "Check the path: checkpoints are the .json files in an experiment's checkpoints folder.",
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(file, `the checkpoint is not valid JSON (${(error as Error).message})`);
  }
  const header = raw as { format?: unknown; formatVersion?: unknown } | null;
  if (header?.format !== CHECKPOINT_FORMAT) {
    fail(file, 'not a Train Studio checkpoint', 'Give a checkpoint .json written by Train Studio.');
  }
  if (typeof header.formatVersion === 'number' && header.formatVersion > CHECKPOINT_FORMAT_VERSION) {
    fail(
      file,
      `the checkpoint has format version ${header.formatVersion}, newer than this Train Studio reads (${CHECKPOINT_FORMAT_VERSION})`,
      'Update Train Studio.',
    );
  }
  const parsed = CheckpointSidecar.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at '${issue.path.join('.')}'` : '';
    fail(file, `invalid checkpoint${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data;
}

/**
 * Reads a checkpoint and verifies it completely: the sidecar against its schema, and the tensor file's
 * size and sha256 against the sidecar. Anything wrong is a CheckpointError naming the file.
 */
export function readCheckpoint(sidecarPath: string): StoredCheckpoint {
  const file = path.resolve(sidecarPath);
  const sidecar = readSidecar(file);
  const { file: tensorFileName, byteLength, sha256 } = sidecar.tensorFile;
  const tensorPath = path.join(path.dirname(file), tensorFileName);
  if (!fs.existsSync(tensorPath)) {
    fail(
      file,
      `its tensor file ${tensorFileName} is missing`,
      'Copy the checkpoints folder whole, or use another checkpoint.',
    );
  }
  const bytes = fs.readFileSync(tensorPath);
  if (bytes.byteLength !== byteLength) {
    fail(
      file,
      `its tensor file ${tensorFileName} has ${bytes.byteLength} bytes, the checkpoint expects ${byteLength}`,
    );
  }
  if (sha256Of(bytes) !== sha256)
    fail(file, `its tensor file ${tensorFileName} does not match the checkpoint's sha256`);
  const unpacked = unpackTensors(bytes, sidecar.tensors);
  if ('problem' in unpacked) fail(file, unpacked.problem);
  return { path: file, sidecar, tensors: unpacked.tensors };
}

export const tensorsIn = (checkpoint: StoredCheckpoint, group: TensorGroup): HostTensor[] =>
  checkpoint.tensors.filter((tensor) => tensor.group === group);

/** The weights to predict with: the averaged (EMA) copy when the run kept one, else the trained weights. */
export function inferenceTensors(checkpoint: StoredCheckpoint): HostTensor[] {
  const averaged = tensorsIn(checkpoint, 'ema');
  return averaged.length > 0
    ? averaged
    : [...tensorsIn(checkpoint, 'weights'), ...tensorsIn(checkpoint, 'state')];
}
