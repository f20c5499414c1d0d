import fs from 'node:fs';
import path from 'node:path';
import { SPLIT_METHODS } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import type { DatasetIndex } from '../model';
import { quoteList, SplitError, splitField } from './splitError';
import { assembleSplit, SPLIT_SIDES } from './trainValSplit';
import type { SplitSide, TrainValSplit } from './trainValSplit';

export type CollectionsSplitSettings = Extract<
  TrainValSplitSettings,
  { method: typeof SPLIT_METHODS.collections }
>;

const KEYS = { train: 'train_collections', val: 'val_collections' } as const satisfies Record<
  SplitSide,
  string
>;

/** One reference as written in a collection file. */
export interface CollectionEntry {
  readonly ref: string;
  /** 1-based. */
  readonly line: number;
}

/**
 * A collection file lists one `dataset/item` reference per line. Blank lines and lines starting with `#`
 * are skipped; surrounding spaces are trimmed. A `#` later in a line is part of the name, since image
 * file names may contain one.
 */
export function parseCollection(text: string): CollectionEntry[] {
  return text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((raw, position) => ({ ref: raw.trim(), line: position + 1 }))
    .filter(({ ref }) => ref !== '' && !ref.startsWith('#'));
}

const MAX_LISTED_PROBLEMS = 20;

interface Problem {
  readonly field: string;
  readonly text: string;
}

function readCollection(file: string, baseDir: string, field: string): CollectionEntry[] {
  const resolved = path.resolve(baseDir, file);
  try {
    return parseCollection(fs.readFileSync(resolved, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SplitError(
      `Cannot read the collection file '${file}' listed in ${field} (${resolved}): ${reason}. ` +
        `Collection paths are relative to the app_state's folder, ${baseDir}.`,
      field,
    );
  }
}

/** When a line names an item without its dataset, and only one dataset has an item of that name. */
function suggestion(ref: string, refsByName: ReadonlyMap<string, readonly string[]>): string {
  const matches = refsByName.get(ref) ?? [];
  return matches.length === 1 ? ` Did you mean '${matches[0] ?? ''}'?` : '';
}

function describeProblems(problems: readonly Problem[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  ${problem.text}`);
  const more =
    problems.length > MAX_LISTED_PROBLEMS ? [`  … and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
  return [
    `${problems.length} line(s) of the collection files do not name an item of the project ` +
      '(write each as dataset/item, the dataset’s full name then the image file name):',
    ...listed,
    ...more,
  ].join('\n');
}

/** Items listed in both a train and a val collection go to both sides, reported as overlap. */
export function collectionsSplit(
  index: DatasetIndex,
  settings: CollectionsSplitSettings,
  baseDir: string,
): TrainValSplit {
  const refs = new Set(index.items.map((item) => item.ref));
  const refsByName = new Map<string, string[]>();
  for (const item of index.items) {
    const named = refsByName.get(item.name) ?? [];
    named.push(item.ref);
    refsByName.set(item.name, named);
  }
  const sides = { train: new Set<string>(), val: new Set<string>() };
  const problems: Problem[] = [];
  for (const side of [SPLIT_SIDES.train, SPLIT_SIDES.val]) {
    const field = splitField(KEYS[side]);
    for (const file of settings[KEYS[side]]) {
      for (const { ref, line } of readCollection(file, baseDir, field)) {
        if (refs.has(ref)) sides[side].add(ref);
        else
          problems.push({
            field,
            text: `${file} line ${line}: '${ref}' is not an item.${suggestion(ref, refsByName)}`,
          });
      }
    }
  }
  const [first] = problems;
  if (first !== undefined) throw new SplitError(describeProblems(problems), first.field);
  return assembleSplit(
    SPLIT_METHODS.collections,
    index,
    sides,
    (side) => ({
      field: splitField(KEYS[side]),
      why: `the ${KEYS[side]} (${quoteList(settings[KEYS[side]])}) list no items`,
    }),
    'listed in both train_collections and val_collections',
  );
}
