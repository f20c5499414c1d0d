import type { LocatedNode, Path, Span } from './located';
import { contains } from './located';

// What the cursor is on in the located tree: a key, or a scalar value, with its path.

export interface CursorTarget {
  readonly path: Path;
  readonly part: 'key' | 'value';
  readonly span: Span;
  readonly node: LocatedNode;
}

export function targetAt(root: LocatedNode | undefined, offset: number): CursorTarget | undefined {
  const path: (string | number)[] = [];
  let node = root;
  while (node && contains(node, offset)) {
    if (node.kind === 'scalar') return { path, part: 'value', span: node, node };
    let next: LocatedNode | undefined;
    if (node.kind === 'object') {
      for (const entry of node.entries) {
        if (contains(entry.keySpan, offset))
          return { path: [...path, entry.key], part: 'key', span: entry.keySpan, node: entry.value };
        if (contains(entry.value, offset)) {
          path.push(entry.key);
          next = entry.value;
          break;
        }
      }
    } else {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index !== -1) {
        path.push(index);
        next = node.items[index];
      }
    }
    node = next;
  }
  return undefined;
}
