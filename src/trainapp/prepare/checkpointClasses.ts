import { RunError } from '../runError';

export interface CheckpointClassesInput {
  /** The checkpoint's classes: class index i is checkpoint[i]. */
  readonly checkpoint: readonly string[];
  /** The selected classes, in meta order. */
  readonly selected: readonly string[];
  /** Every class of the project, to tell whether the checkpoint's classes can be selected at all. */
  readonly projectClasses: readonly string[];
  /** A resume continues the same model, so it takes the checkpoint's classes exactly. */
  readonly resuming: boolean;
  /** options.reinitialize_head: start the class head afresh when the classes differ. */
  readonly reinitializeHead: boolean;
  readonly appStatePath: string;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((title, position) => b[position] === title);
}

/**
 * `checkpoint classes: a(0) b(1) c(2); selected: a b d → a 0→0, b 1→1, c dropped, d new`: where each
 * class of the checkpoint's head would go, so the user sees exactly what differs.
 */
export function describeClassMapping(checkpoint: readonly string[], selected: readonly string[]): string {
  const moves = [
    ...checkpoint.map((title, from) => {
      const to = selected.indexOf(title);
      return to < 0 ? `${title} dropped` : `${title} ${from}→${to}`;
    }),
    ...selected.filter((title) => !checkpoint.includes(title)).map((title) => `${title} new`),
  ];
  const listed = checkpoint.map((title, position) => `${title}(${position})`).join(' ');
  return `checkpoint classes: ${listed}; selected: ${selected.join(' ')} → ${moves.join(', ')}`;
}

function quoted(titles: readonly string[]): string {
  return `[${titles.map((title) => JSON.stringify(title)).join(', ')}]`;
}

/** The ways out for a fine-tune, leaving out a selection the project cannot make. */
function fineTuneHint(input: CheckpointClassesInput): string {
  const reinitialize =
    'set options.reinitialize_head: true to start the class head afresh for the selected classes';
  const absent = input.checkpoint.filter((title) => !input.projectClasses.includes(title));
  if (absent.length > 0) {
    return `The project has no class ${absent.map((title) => `'${title}'`).join(', ')}, so ${reinitialize}.`;
  }
  const selectable = input.projectClasses.filter((title) => input.checkpoint.includes(title));
  if (!sameList(selectable, input.checkpoint)) {
    return `The project lists the checkpoint's classes in another order, so ${reinitialize}.`;
  }
  return `Select the checkpoint's classes (classes: ${quoted(input.checkpoint)}), or ${reinitialize}.`;
}

/**
 * A checkpoint's class head fits only its own class list. Returns a warning when the head will be started
 * afresh; throws when the lists differ and nothing says that is wanted.
 */
export function checkCheckpointClasses(input: CheckpointClassesInput): string | undefined {
  const { checkpoint, selected } = input;
  if (sameList(checkpoint, selected)) return undefined;
  const mapping = describeClassMapping(checkpoint, selected);
  if (input.resuming) {
    throw new RunError({
      message: `The run being resumed was trained on other classes than those selected now (${mapping}).`,
      hint: `A resume continues the same model and needs exactly its classes, in the same order: set classes to ${quoted(checkpoint)}, or start a new run that fine-tunes from this checkpoint.`,
      file: input.appStatePath,
      field: 'classes',
    });
  }
  if (!input.reinitializeHead) {
    throw new RunError({
      message: `The checkpoint was trained on other classes than those selected (${mapping}).`,
      hint: fineTuneHint(input),
      file: input.appStatePath,
      field: 'classes',
    });
  }
  return `The checkpoint was trained on other classes than those selected (${mapping}); options.reinitialize_head is true, so the class head starts afresh.`;
}
