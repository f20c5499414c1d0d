import { jsonSchemaFor } from '../jsonSchemas';
import { CONFIG_KINDS } from '../names';
import type { ConfigDocument } from './document';
import { embeddedHyperparameters, embeddedOwner } from './embeddedHyperparameters';
import type { EmbeddedHyperparameters } from './embeddedHyperparameters';
import { fieldDocumentation } from './fieldDocs';
import { resolveFileOwner } from './hyperparametersOwner';
import { contains } from './located';
import { schemaAtPath } from './schemaNavigation';
import { targetAt } from './cursorTarget';
import type { Position, Range } from './types';

// Hover: the field's description, default and range, for a key or a value under the cursor. Inside
// app_state's hyperparameters string, the embedded YAML is documented too.

export interface Hover {
  markdown: string;
  range: Range;
}

interface OffsetHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

function hoverOffsets(document: ConfigDocument, offset: number): OffsetHover | undefined {
  const { root, kind, syntax } = document;
  if (kind === CONFIG_KINDS.hyperparameters && resolveFileOwner('auto', document.text, root) === 'foreign')
    return undefined;
  if (kind === CONFIG_KINDS.appState) {
    const embedded = embeddedHyperparameters(root);
    if (embedded && contains(embedded.scalar, offset) && embeddedOwner(root, embedded) === 'builtin') {
      const inside = hoverInside(embedded, offset);
      if (inside) return inside;
    }
  }
  const target = targetAt(root, offset);
  // The whole file is not a field, and an empty value (`key:` in YAML) has nothing to point at.
  if (!target || target.path.length === 0 || target.span.start === target.span.end) return undefined;
  const schema = schemaAtPath(jsonSchemaFor(kind), root, target.path);
  if (!schema) return undefined;
  const key = target.path[target.path.length - 1];
  const markdown = fieldDocumentation(typeof key === 'string' ? key : undefined, schema, syntax);
  return { markdown, start: target.span.start, end: target.span.end };
}

/** The decoded index whose source offset holds `offset`: source offsets grow with the index. */
function decodedIndexAt(embedded: EmbeddedHyperparameters, offset: number): number {
  const { scalar } = embedded;
  let low = 0;
  let high = embedded.document.text.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (scalar.sourceOffset(middle) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function hoverInside(embedded: EmbeddedHyperparameters, offset: number): OffsetHover | undefined {
  const inner = hoverOffsets(embedded.document, decodedIndexAt(embedded, offset));
  if (!inner) return undefined;
  const { sourceOffset } = embedded.scalar;
  return { markdown: inner.markdown, start: sourceOffset(inner.start), end: sourceOffset(inner.end) };
}

export function hoverAt(document: ConfigDocument, position: Position): Hover | undefined {
  const found = hoverOffsets(document, document.lines.offsetAt(position));
  return found && { markdown: found.markdown, range: document.lines.rangeOf(found.start, found.end) };
}
