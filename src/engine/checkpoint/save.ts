import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CheckpointSidecar,
  isCheckpointName,
  CHECKPOINT_SIDECAR_EXTENSION,
} from './format';
import { writeFileAtomic, writeJsonAtomic } from '../../data/atomicWrite';
import { packTensors } from './tensorFile';
import type { HostTensor } from './tensorFile';

// Why a kill at any instant leaves every sidecar loadable: a save first publishes the new tensor file under
// a name of its own (its content hash), then publishes the sidecar that names it, and only then deletes the
// tensor file the previous sidecar named. Each publication is an atomic rename, so the sidecar on disk
// always names a complete tensor file. A kill leaves at worst an unnamed tensor file or a temporary file,
// which the next save of that name (or `removeOrphans` at the start of a run) deletes.

/** Everything a sidecar holds that the caller decides; the file layout is filled in here. */
export type SidecarContents = Omit<
  CheckpointSidecar,
  'format' | 'formatVersion' | 'name' | 'createdAt' | 'tensorFile' | 'tensors'
>;

const TENSOR_FILE = /^(.+)\.[0-9a-f]{8}\.bin$/;
/** writeFileAtomic's temporary files: `<target>.<pid>.<time>.tmp`. */
const TEMPORARY_FILE = /^(.+?)\.(?:json|[0-9a-f]{8}\.bin)\.\d+\.\d+\.tmp$/;
const DURABLE = { durable: true } as const;

export const sha256Of = (bytes: Uint8Array | string): string =>
  crypto.createHash('sha256').update(bytes).digest('hex');

/** The tensor file a sidecar names, read leniently: only ever used to decide what not to delete. */
function tensorFileNamedBy(sidecarPath: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(sidecarPath, 'utf8'));
    const file = (parsed as { tensorFile?: { file?: unknown } } | null)?.tensorFile?.file;
    return typeof file === 'string' ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Which checkpoint a leftover file belongs to, or undefined for files that are none of ours. */
function ownerOf(file: string): string | undefined {
  const owner = TENSOR_FILE.exec(file)?.[1] ?? TEMPORARY_FILE.exec(file)?.[1];
  return owner !== undefined && isCheckpointName(owner) ? owner : undefined;
}

/**
 * Deletes, for each checkpoint name given (every name found when none is), the temporary files and the
 * tensor files its sidecar does not name. A name whose sidecar exists but cannot be read is left alone.
 */
export function removeOrphans(folder: string, names?: readonly string[]): void {
  if (!fs.existsSync(folder)) return;
  const files = fs.readdirSync(folder);
  const owners = new Set(names ?? files.map(ownerOf).filter((owner) => owner !== undefined));
  for (const name of owners) {
    const sidecarPath = path.join(folder, `${name}${CHECKPOINT_SIDECAR_EXTENSION}`);
    const kept = tensorFileNamedBy(sidecarPath);
    if (kept === undefined && fs.existsSync(sidecarPath)) continue;
    for (const file of files) {
      if (ownerOf(file) === name && file !== kept) fs.rmSync(path.join(folder, file), { force: true });
    }
  }
}

/** Writes checkpoint `name` into `folder` (see the top of this file) and returns its sidecar's path. */
export function saveCheckpoint(
  folder: string,
  name: string,
  contents: SidecarContents,
  tensors: readonly HostTensor[],
): string {
  const { bytes, entries } = packTensors(tensors);
  const sha256 = sha256Of(bytes);
  const tensorFile = `${name}.${sha256.slice(0, 8)}.bin`;
  // Validated before anything is written, so a bad value is a bug report and never a broken checkpoint.
  const sidecar = CheckpointSidecar.parse({
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    name,
    createdAt: new Date().toISOString(),
    ...contents,
    tensorFile: { file: tensorFile, byteLength: bytes.byteLength, sha256 },
    tensors: entries,
  });
  writeFileAtomic(path.join(folder, tensorFile), bytes, DURABLE);
  const sidecarPath = path.join(folder, `${name}${CHECKPOINT_SIDECAR_EXTENSION}`);
  writeJsonAtomic(sidecarPath, sidecar, DURABLE);
  removeOrphans(folder, [name]);
  return sidecarPath;
}
