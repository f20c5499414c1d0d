import type { Path, ScalarValue, Span } from './located';

// Where the cursor is in a document being typed, as the completion finders for JSON and YAML see it.
// Both read the text around the cursor rather than the located tree: a half-typed document rarely
// parses into the structure the user is building.

export interface CompletionContext {
  /** Keys: the path of the object the key goes in. Values: the path of the value. */
  readonly path: Path;
  readonly target: 'key' | 'value';
  /** The scalars written in each object along the path (index i: the object at depth i), for unions. */
  readonly scalarsAlong: readonly ReadonlyMap<string, ScalarValue>[];
  /** Keys already in the object (keys only), the one being typed excluded. */
  readonly presentKeys: ReadonlySet<string>;
  /** The text a completion replaces: the word or string being typed, or an empty span at the cursor. */
  readonly replace: Span;
  /** Keys only: whether a `:` already follows, so that the completion must not add another. */
  readonly colonFollows: boolean;
}
