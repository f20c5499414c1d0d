import type { DatasetIndex } from './model';

/** The selected classes are not all classes of the project. */
export class ClassSelectionError extends Error {
  override readonly name = 'ClassSelectionError';
  /** The app_state key at fault, so that an editor can underline it. */
  readonly field = 'classes';
}

function unknownClassesMessage(unknown: readonly string[], known: readonly string[]): string {
  const lowerCase = new Map(known.map((title) => [title.toLowerCase(), title]));
  const described = unknown.map((title) => {
    const sameLetters = lowerCase.get(title.toLowerCase());
    return sameLetters === undefined ? `'${title}'` : `'${title}' (did you mean '${sameLetters}'?)`;
  });
  const listing =
    known.length === 0
      ? 'The project has no classes.'
      : `Its classes are: ${known.map((t) => `'${t}'`).join(', ')}.`;
  return `classes names class(es) the project does not have: ${described.join(', ')}. ${listing}`;
}

/**
 * Keeps the selected classes, in meta order, and only their objects; images left without objects stay,
 * as background. Selecting no classes selects every class: it never means none. Returns a new index.
 */
export function filterClasses(index: DatasetIndex, selected: readonly string[]): DatasetIndex {
  const known = index.meta.classes.map((cls) => cls.title);
  const unknown = [...new Set(selected)].filter((title) => !known.includes(title));
  if (unknown.length > 0) throw new ClassSelectionError(unknownClassesMessage(unknown, known));
  const keep = new Set(selected.length === 0 ? known : selected);
  return {
    ...index,
    meta: { ...index.meta, classes: index.meta.classes.filter((cls) => keep.has(cls.title)) },
    items: index.items.map((item) => ({
      ...item,
      objects: item.objects.filter((object) => keep.has(object.classTitle)),
    })),
  };
}
