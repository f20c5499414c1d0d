import type { DatasetItem } from '../model';

export type LabelOutcome = { readonly label: string } | { readonly reason: string };

/**
 * An item's classification label: the one class its image tags name, by the rule of model.ts (a tag
 * without a value, named like the class). No such tag, or several, and the item has no label, with the
 * reason.
 */
export function classificationLabel(item: DatasetItem, classTitles: ReadonlySet<string>): LabelOutcome {
  const named = item.tags.filter((tag) => tag.value === undefined && classTitles.has(tag.name));
  const candidates = [...new Set(named.map((tag) => tag.name))];
  const [only] = candidates;
  if (only === undefined) return { reason: 'no image tag without a value names a class, so it has no label' };
  if (candidates.length > 1) {
    return {
      reason: `its image tags name ${candidates.length} classes (${candidates.join(', ')}), so its label is ambiguous`,
    };
  }
  return { label: only };
}
