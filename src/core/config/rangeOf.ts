import type { ConfigDocument } from './document';
import type { Path } from './located';
import { nodeAt } from './located';
import type { Range } from './types';

/**
 * The range of a key or value by its path, for checks made outside src/core (the file system). A key
 * of an array item is its value. Undefined where the document has no such path.
 */
export function rangeOf(document: ConfigDocument, path: Path, part: 'key' | 'value'): Range | undefined {
  const target = document.root && nodeAt(document.root, path);
  if (!target) return undefined;
  const span = part === 'key' && target.entry ? target.entry.keySpan : target.node;
  return document.lines.rangeOf(span.start, span.end);
}
