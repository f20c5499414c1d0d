import type { LocatedNode } from './located';
import type { LineIndex } from './position';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// A key written twice in one object: both syntaxes let the later value win silently, which hides the
// earlier one from the user. Reported on the later key; content reached through an alias is reported
// where its anchor is written, not again at each alias.

export function duplicateKeyFindings(root: LocatedNode | undefined, lines: LineIndex): OffsetFinding[] {
  const findings: OffsetFinding[] = [];
  const visit = (node: LocatedNode): void => {
    if (node.fromAlias) return;
    if (node.kind === 'array') node.items.forEach(visit);
    if (node.kind !== 'object') return;
    const firstOffset = new Map<string, number>();
    for (const entry of node.entries) {
      if (entry.fromAlias) continue;
      const first = firstOffset.get(entry.key);
      if (first === undefined) {
        firstOffset.set(entry.key, entry.keySpan.start);
      } else {
        const line = lines.positionAt(first).line + 1;
        const message = `Duplicate key \`${entry.key}\`: it is already set on line ${line}, and this later value wins. Remove one of them.`;
        findings.push(offsetFinding('error', 'duplicate-key', entry.keySpan, message));
      }
      visit(entry.value);
    }
  };
  if (root) visit(root);
  return findings;
}
