import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../atomicWrite';
import type { DatasetIndex } from '../model';
import { isInsideFolder, realPathOf } from '../paths';

/** The output folder cannot be written there; the message says where to write instead. */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
}

/** Written last into every output folder; only a folder holding it may be replaced. */
export const OUTPUT_MARKER = '.train-studio-output.json';

/**
 * Refuses an output folder inside the user's dataset, or one that holds the dataset or any of its images:
 * replacing the folder would then delete them.
 */
function checkAwayFromDataset(outDir: string, index: DatasetIndex): void {
  const out = realPathOf(outDir);
  const root = realPathOf(index.root);
  if (isInsideFolder(out, root)) {
    throw new OutputFolderError(
      `The output folder ${outDir} is inside the dataset ${index.root}, and Train Studio never writes into a ` +
        'dataset. Choose a folder outside it.',
    );
  }
  const held = [root, ...index.items.map((item) => realPathOf(item.imagePath))].find((owned) =>
    isInsideFolder(owned, out),
  );
  if (held !== undefined) {
    throw new OutputFolderError(
      `The output folder ${outDir} contains ${held}, part of the dataset; writing the output replaces the ` +
        'whole folder. Choose a folder that holds none of the dataset.',
    );
  }
}

function checkReplaceable(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) {
    throw new OutputFolderError(`The output path ${outDir} is a file. Choose a folder.`);
  }
  if (fs.readdirSync(outDir).length > 0 && !fs.existsSync(path.join(outDir, OUTPUT_MARKER))) {
    throw new OutputFolderError(
      `The output folder ${outDir} holds files that Train Studio did not write, and writing would replace ` +
        'them. Choose a new or empty folder.',
    );
  }
}

/**
 * Writes a whole output folder or nothing: `fill` writes into a temporary folder beside `outDir`, which
 * then replaces `outDir`. A failure removes the temporary folder and leaves `outDir` as it was.
 */
export function writeOutputFolder(
  outDir: string,
  index: DatasetIndex,
  format: string,
  fill: (folder: string) => void,
): void {
  const target = path.resolve(outDir);
  checkAwayFromDataset(target, index);
  checkReplaceable(target);
  const stamp = `${String(process.pid)}-${String(Date.now())}`;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${stamp}`);
  const previous = path.join(path.dirname(target), `.${path.basename(target)}.old-${stamp}`);
  try {
    fs.mkdirSync(temporary, { recursive: true });
    fill(temporary);
    writeJsonAtomic(path.join(temporary, OUTPUT_MARKER), { writer: 'train-studio', format });
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(temporary, target);
  } catch (error) {
    if (fs.existsSync(previous) && !fs.existsSync(target)) fs.renameSync(previous, target);
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(previous, { recursive: true, force: true });
}
