import type { ModelEntry } from '../schemas';
import { modelDisplayName } from '../schemas';
import type { LocatedNode, Path } from './located';
import { nodeAt } from './located';
import type { LineIndex } from './position';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// models.json: app_state selects a model by its display name, so two entries with one name make one of
// them unreachable. Reported on the later entry's name.

/** Where a display name can come from, in modelDisplayName's order of preference. */
const NAME_PATHS: readonly Path[] = [['model_name'], ['meta', 'model_name'], ['Model']];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function duplicateModelFindings(root: LocatedNode, value: unknown, lines: LineIndex): OffsetFinding[] {
  if (root.kind !== 'array' || !Array.isArray(value)) return [];
  const firstLine = new Map<string, number>();
  const findings: OffsetFinding[] = [];
  value.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    // A broken meta must not stop the check: the name may come from a column.
    const name = modelDisplayName({ ...entry, meta: isRecord(entry.meta) ? entry.meta : {} } as ModelEntry);
    if (name === undefined) return;
    const located = NAME_PATHS.map((path) => nodeAt(root, [index, ...path])?.node).find(
      (node) => node?.kind === 'scalar' && node.value === name,
    );
    if (!located) return;
    const line = firstLine.get(name);
    if (line === undefined) {
      firstLine.set(name, lines.positionAt(located.start).line + 1);
      return;
    }
    const message = `Model name \`${name}\` is already used by the entry on line ${line}; app_state selects a model by its name, so each name must be unique.`;
    findings.push(offsetFinding('error', 'duplicate-model', located, message));
  });
  return findings;
}
