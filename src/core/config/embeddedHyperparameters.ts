import { CONFIG_KINDS } from '../names';
import type { ConfigDocument } from './document';
import { parseConfig } from './document';
import { resolveEmbeddedOwner } from './hyperparametersOwner';
import type { LocatedNode, LocatedScalar } from './located';
import { entryOf } from './located';
import type { OffsetFinding } from './types';

// app_state.hyperparameters is YAML inside a JSON string. It is parsed and checked as a hyperparameters
// file of its own, and every range and edit is then moved from the decoded text into the JSON string
// literal, where escapes (\n, \", \uXXXX) make the two offsets differ.

export interface EmbeddedHyperparameters {
  readonly scalar: LocatedScalar & { readonly sourceOffset: (index: number) => number };
  readonly document: ConfigDocument;
}

// Validation, hover and completion of one app_state version share one parse of its embedded text.
const parsed = new WeakMap<LocatedScalar, EmbeddedHyperparameters>();

export function embeddedHyperparameters(root: LocatedNode | undefined): EmbeddedHyperparameters | undefined {
  if (root?.kind !== 'object') return undefined;
  const node = entryOf(root, 'hyperparameters')?.value;
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || !node.sourceOffset) return undefined;
  let embedded = parsed.get(node);
  if (!embedded) {
    const { sourceOffset } = node;
    embedded = {
      scalar: { ...node, sourceOffset },
      document: parseConfig(CONFIG_KINDS.hyperparameters, node.value),
    };
    parsed.set(node, embedded);
  }
  return embedded;
}

export function embeddedOwner(
  root: LocatedNode | undefined,
  embedded: EmbeddedHyperparameters,
): 'builtin' | 'foreign' {
  const framework = root?.kind === 'object' ? entryOf(root, 'framework')?.value : undefined;
  return resolveEmbeddedOwner(
    embedded.document.text,
    framework?.kind === 'scalar' ? framework.value : undefined,
  );
}

/** A finding on the decoded text, moved into the JSON string; inserted text is escaped for JSON. */
export function intoStringLiteral(
  finding: OffsetFinding,
  scalar: EmbeddedHyperparameters['scalar'],
): OffsetFinding {
  const at = scalar.sourceOffset;
  return {
    ...finding,
    start: at(finding.start),
    end: at(finding.end),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({
        start: at(edit.start),
        end: at(edit.end),
        newText: JSON.stringify(edit.newText).slice(1, -1),
      })),
    })),
  };
}
