import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FROM_SCRATCH_CHECKPOINT } from '../../core/names';
import { CheckpointSidecar } from '../../engine/checkpoint/format';
import { DownloadError, downloadFile, downloadToCache } from './download';
import { isRemoteUrl } from './remoteUrl';
import type { DownloadOptions } from './download';

/** Where a models.json entry's weights come from, once resolved to this machine. */
export type CheckpointSource =
  | { readonly kind: 'scratch' }
  /** A checkpoint sidecar on disk, with its tensor file beside it. */
  | { readonly kind: 'file'; readonly sidecarPath: string };

export class CheckpointSourceError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'CheckpointSourceError';
  }
}

export interface ResolveOptions extends DownloadOptions {
  /** The folder of the models.json that names the checkpoint: local paths are relative to it. */
  readonly modelsJsonDir: string;
}

/** A URL that serves HTML (a repository's web page, say) is as wrong as a JSON file of another kind. */
function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * A remote checkpoint is its sidecar's URL; the tensor file the sidecar names is fetched from beside it
 * and stored beside the cached sidecar, and checked against the sidecar's hash before it is used.
 */
async function downloadCheckpoint(url: string, options: ResolveOptions): Promise<string> {
  const sidecarPath = await downloadToCache(url, options);
  const parsed = CheckpointSidecar.safeParse(parseJsonOrUndefined(fs.readFileSync(sidecarPath, 'utf8')));
  if (!parsed.success) {
    fs.rmSync(sidecarPath, { force: true });
    throw new CheckpointSourceError(
      `${url} is not a Train Studio checkpoint sidecar (${parsed.error.issues[0]?.message ?? 'invalid'}).`,
      'A models.json checkpoint URL must point at the .json sidecar of a checkpoint, such as checkpoints/best.json.',
    );
  }
  const { file, sha256: expected } = parsed.data.tensorFile;
  const tensorPath = await downloadFile(
    new URL(file, url).toString(),
    path.join(path.dirname(sidecarPath), file),
    options,
  );
  if (sha256(tensorPath) !== expected) {
    fs.rmSync(tensorPath, { force: true });
    throw new DownloadError(
      new URL(file, url).toString(),
      'its content does not match the hash in the sidecar',
      'The server holds a different version of the checkpoint than its sidecar; upload the two files together.',
    );
  }
  return sidecarPath;
}

/** Turns `meta.model_files.checkpoint` into something the engine can load: nothing, or a local sidecar. */
export async function resolveCheckpoint(
  checkpoint: string,
  options: ResolveOptions,
): Promise<CheckpointSource> {
  if (checkpoint === FROM_SCRATCH_CHECKPOINT) return { kind: 'scratch' };
  if (isRemoteUrl(checkpoint))
    return { kind: 'file', sidecarPath: await downloadCheckpoint(checkpoint, options) };
  const sidecarPath = path.resolve(options.modelsJsonDir, checkpoint);
  if (!fs.existsSync(sidecarPath)) {
    throw new CheckpointSourceError(
      `Checkpoint ${checkpoint} does not exist (looked for ${sidecarPath}).`,
      `A local path is relative to the models.json; use a URL for a remote file, or ${FROM_SCRATCH_CHECKPOINT} to train from scratch.`,
    );
  }
  return { kind: 'file', sidecarPath };
}
