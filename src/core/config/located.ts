// One tree for both syntaxes: objects with a located key per entry, arrays and scalars, each with the
// offsets it spans in the document text. The validator, hover, fixes and rangeOf all read this tree, so
// none of them needs to know whether the file was JSON or YAML.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ScalarValue = string | number | boolean | null;

interface NodeBase extends Span {
  /** Content reached through a YAML alias: its spans are the alias's, and it is never edited. */
  readonly fromAlias?: true;
}

export interface LocatedScalar extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /**
   * JSON strings only: the document offset of the string's character at `index` (0 ≤ index ≤ length).
   * Escapes make the two differ, and app_state's embedded hyperparameters need the document offset.
   */
  readonly sourceOffset?: (index: number) => number;
}

export interface LocatedEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: LocatedNode;
  readonly fromAlias?: true;
}

export interface LocatedObject extends NodeBase {
  readonly kind: 'object';
  readonly entries: LocatedEntry[];
}

export interface LocatedArray extends NodeBase {
  readonly kind: 'array';
  readonly items: LocatedNode[];
}

export type LocatedNode = LocatedScalar | LocatedObject | LocatedArray;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** The entry a key resolves to; when a key repeats, the last one wins, as in JSON.parse and YAML loaders. */
export function entryOf(object: LocatedObject, key: string): LocatedEntry | undefined {
  for (let index = object.entries.length - 1; index >= 0; index -= 1) {
    const entry = object.entries[index];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

export interface PathTarget {
  readonly node: LocatedNode;
  /** The entry holding the node, when its last path segment is a key. */
  readonly entry?: LocatedEntry;
}

/** The nodes along `path`, from the root; shorter than path + 1 where the document ends early. */
export function nodesAlong(root: LocatedNode, path: Path): PathTarget[] {
  const found: PathTarget[] = [{ node: root }];
  let current: LocatedNode = root;
  for (const segment of path) {
    let next: PathTarget | undefined;
    if (current.kind === 'object' && typeof segment === 'string') {
      const entry = entryOf(current, segment);
      if (entry) next = { node: entry.value, entry };
    } else if (current.kind === 'array' && typeof segment === 'number') {
      const item = current.items[segment];
      if (item) next = { node: item };
    }
    if (!next) break;
    found.push(next);
    current = next.node;
  }
  return found;
}

export function nodeAt(root: LocatedNode, path: Path): PathTarget | undefined {
  const along = nodesAlong(root, path);
  return along.length === path.length + 1 ? along[along.length - 1] : undefined;
}

/** Plain data, as JSON.parse or a YAML loader would give it. */
export function toPlain(node: LocatedNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toPlain);
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const entry of node.entries) {
        // defineProperty, so that a key named __proto__ is data and not the prototype.
        Object.defineProperty(object, entry.key, {
          value: toPlain(entry.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
  }
}

export const contains = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;
