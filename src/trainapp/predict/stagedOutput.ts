import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../experiments/lockOwner';

// The output of one prediction run, published whole or not at all: files are written into a hidden
// folder inside the output folder as the images are predicted, and only renamed into place once every
// image has been. A failure or a stop removes them, leaving the output folder as it was. Each rename is
// atomic, so a reader sees an old file or a new one, never part of one; files of other images stay.
//
// A killed run (SIGKILL, a crash) cannot clean up, and predict holds no lock on the output folder, so the
// staging folder is named after its process: the next run into the same folder removes those whose process
// has ended, and leaves alone those of runs still at work (and any it cannot tell the owner of).

const STAGING_PREFIX = '.predicting-';
/** `.predicting-<pid>-<random>`. */
const STAGING_NAME = /^\.predicting-([1-9]\d*)-/;

/** Removes the staging folders in `outDir` of prediction runs that were killed; best effort. */
function sweepAbandoned(outDir: string): void {
  for (const name of fs.readdirSync(outDir)) {
    const owner = STAGING_NAME.exec(name)?.[1];
    if (owner === undefined || isProcessAlive(Number(owner))) continue;
    try {
      fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
    } catch {
      // Left for a later run: a leftover hidden folder harms nothing, a failed prediction would.
    }
  }
}

export class StagedOutput {
  private readonly staging: string;
  private readonly staged: string[] = [];
  /** The first folder this run created on the way to the output folder, if any. */
  private readonly created: string | undefined;

  constructor(readonly outDir: string) {
    this.created = fs.mkdirSync(outDir, { recursive: true });
    sweepAbandoned(outDir);
    this.staging = fs.mkdtempSync(path.join(outDir, `${STAGING_PREFIX}${String(process.pid)}-`));
  }

  /** `relative` is a path inside the output folder, with '/' separators. */
  write(relative: string, contents: string | Uint8Array): void {
    const file = path.join(this.staging, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
    this.staged.push(relative);
  }

  /** Moves every file into place, replacing those of the same name; returns their relative paths. */
  commit(): readonly string[] {
    for (const relative of this.staged) {
      const target = path.join(this.outDir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(this.staging, relative), target);
    }
    fs.rmSync(this.staging, { recursive: true, force: true });
    return this.staged;
  }

  /** Removes what this run wrote, and the folders it made for it when they are left empty. */
  discard(): void {
    fs.rmSync(this.staging, { recursive: true, force: true });
    if (this.created === undefined) return;
    for (let folder = this.outDir; ; folder = path.dirname(folder)) {
      try {
        fs.rmdirSync(folder);
      } catch {
        return;
      }
      if (folder === this.created) return;
    }
  }
}
