import fs from 'node:fs';
import path from 'node:path';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';

// An export is made in a hidden folder inside the experiment folder (the same disk, so that a rename
// publishes a file whole) and its files are moved into export/ only once every format asked for is made
// and verified. Until then nothing in export/ changes, and a failed export leaves no trace.

const STAGING_PREFIX = '.export-';

export class ExportStaging {
  /** File name in export/ → the staged file. */
  private readonly staged = new Map<string, string>();

  private constructor(
    private readonly experimentDir: string,
    readonly dir: string,
  ) {}

  /**
   * A fresh staging folder. One left by an export that was killed is removed first: the caller holds the
   * experiment's lock, so no other export can be using it.
   */
  static open(experimentDir: string): ExportStaging {
    for (const name of fs.readdirSync(experimentDir)) {
      if (name.startsWith(STAGING_PREFIX)) {
        fs.rmSync(path.join(experimentDir, name), { recursive: true, force: true });
      }
    }
    return new ExportStaging(experimentDir, fs.mkdtempSync(path.join(experimentDir, STAGING_PREFIX)));
  }

  get exportDir(): string {
    return path.join(this.experimentDir, EXPERIMENT_FOLDERS.export);
  }

  /** An empty folder of its own inside the staging folder. */
  folder(name: string): string {
    const folder = path.join(this.dir, name);
    fs.mkdirSync(folder);
    return folder;
  }

  /** Where the file that will be export/<name> is staged (to be written by a program such as trtexec). */
  pathFor(name: string): string {
    const file = path.join(this.dir, name);
    this.staged.set(name, file);
    return file;
  }

  write(name: string, contents: Uint8Array): void {
    fs.writeFileSync(this.pathFor(name), contents);
  }

  /** Moves a file made elsewhere in the staging folder (by a framework's export function) into place. */
  adopt(name: string, file: string): void {
    fs.renameSync(file, this.pathFor(name));
  }

  /** Moves every staged file into export/, replacing an earlier export's file of the same name. */
  publish(): void {
    if (this.staged.size === 0) return;
    fs.mkdirSync(this.exportDir, { recursive: true });
    for (const [name, file] of this.staged) fs.renameSync(file, path.join(this.exportDir, name));
    this.staged.clear();
  }

  discard(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
