import os from 'node:os';
import path from 'node:path';
import { AppendOnlyFile } from '../appendFile';
import { fileVersionRecord, imageRecord, scalarsRecord } from './records';

// An event file TensorBoard reads while it grows. A resumed run opens a new file beside the old one;
// TensorBoard merges every event file of a folder.

const FILE_PREFIX = 'events.out.tfevents.';

/** Not the temporary file of an atomic write that a crash left behind, which holds no complete run. */
export const isTensorBoardFile = (name: string): boolean =>
  name.startsWith(FILE_PREFIX) && !name.endsWith('.tmp');

/** Seconds since the epoch, as Event.wall_time holds them. */
export const wallTimeOf = (milliseconds: number): number => milliseconds / 1000;

/** Files opened by this process: the last part of the name, so that two writers never pick the same one. */
let filesNamed = 0;

/** TensorBoard's own rule: `events.out.tfevents.<unix seconds>.<host>.<pid>.<n>`. */
export function newTensorBoardFileName(wallTime: number): string {
  filesNamed += 1;
  return `${FILE_PREFIX}${Math.floor(wallTime)}.${os.hostname()}.${process.pid}.${filesNamed}`;
}

function isAlreadyThere(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}

export class TensorBoardWriter {
  private readonly out: AppendOnlyFile;

  constructor(folder: string, wallTime = wallTimeOf(Date.now())) {
    for (;;) {
      try {
        this.out = new AppendOnlyFile(path.join(folder, newTensorBoardFileName(wallTime)), {
          exclusive: true,
        });
        break;
      } catch (error) {
        if (!isAlreadyThere(error)) throw error;
      }
    }
    this.out.append(fileVersionRecord(wallTime));
  }

  get file(): string {
    return this.out.file;
  }

  scalars(step: number, values: Readonly<Record<string, number>>, wallTime = wallTimeOf(Date.now())): void {
    if (Object.keys(values).length > 0) this.out.append(scalarsRecord(wallTime, step, values));
  }

  image(
    tag: string,
    step: number,
    png: Uint8Array,
    width: number,
    height: number,
    wallTime = wallTimeOf(Date.now()),
  ): void {
    this.out.append(imageRecord(wallTime, step, tag, { png, width, height }));
  }

  close(): void {
    this.out.close();
  }
}
