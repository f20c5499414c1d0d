import fs from 'node:fs';
import path from 'node:path';

// The output of one prediction run, published whole or not at all: files are written into a hidden
// folder inside the output folder as the images are predicted, and only renamed into place once every
// image has been. A failure or a stop removes them, leaving the output folder as it was. Each rename is
// atomic, so a reader sees an old file or a new one, never part of one; files of other images stay.

export class StagedOutput {
  private readonly staging: string;
  private readonly staged: string[] = [];
  /** The first folder this run created on the way to the output folder, if any. */
  private readonly created: string | undefined;

  constructor(readonly outDir: string) {
    this.created = fs.mkdirSync(outDir, { recursive: true });
    this.staging = fs.mkdtempSync(path.join(outDir, '.predicting-'));
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
