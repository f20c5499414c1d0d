import { SPLIT_METHODS, UNTAGGED_ACTIONS } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import type { DatasetIndex } from '../model';
import { quoteList, SplitError, splitField } from './splitError';
import { assembleSplit, SPLIT_SIDES } from './trainValSplit';
import type { SplitSide, TrainValSplit } from './trainValSplit';

export type TagsSplitSettings = Extract<TrainValSplitSettings, { method: typeof SPLIT_METHODS.tags }>;

const KEYS = { train: 'train_tag', val: 'val_tag' } as const satisfies Record<SplitSide, string>;

/** Tags the project declares, plus any image tag it uses without declaring (COCO and YOLO declare none). */
function knownTags(index: DatasetIndex): string[] {
  const names = new Set(index.meta.tags.map((tag) => tag.name));
  for (const item of index.items) for (const tag of item.tags) names.add(tag.name);
  return [...names];
}

function checkTags(index: DatasetIndex, settings: TagsSplitSettings): void {
  const known = knownTags(index);
  for (const side of [SPLIT_SIDES.train, SPLIT_SIDES.val]) {
    const tag = settings[KEYS[side]];
    if (!known.includes(tag)) {
      const listing = known.length === 0 ? 'It has no tags.' : `Its tags are: ${quoteList(known)}.`;
      throw new SplitError(
        `${KEYS[side]} '${tag}' is not a tag of the project. ${listing}`,
        splitField(KEYS[side]),
      );
    }
  }
  if (settings.train_tag === settings.val_tag) {
    throw new SplitError(
      `train_tag and val_tag are both '${settings.train_tag}', which would put every tagged image on both ` +
        'sides. Use two different tags.',
      splitField(KEYS.val),
    );
  }
}

/**
 * An image goes to each side whose tag it has, whatever the tag's value; an image with neither goes
 * where `untagged_action` says. An image with both tags goes to both sides and is reported as overlap.
 */
export function tagsSplit(index: DatasetIndex, settings: TagsSplitSettings): TrainValSplit {
  checkTags(index, settings);
  const sides = { train: new Set<string>(), val: new Set<string>() };
  for (const item of index.items) {
    const has = (side: SplitSide) => item.tags.some((tag) => tag.name === settings[KEYS[side]]);
    const tagged = [SPLIT_SIDES.train, SPLIT_SIDES.val].filter(has);
    const untaggedSide =
      settings.untagged_action === UNTAGGED_ACTIONS.ignore ? [] : [settings.untagged_action];
    for (const side of tagged.length > 0 ? tagged : untaggedSide) sides[side].add(item.ref);
  }
  const overlapCause = `tagged both '${settings.train_tag}' and '${settings.val_tag}'`;
  return assembleSplit(
    SPLIT_METHODS.tags,
    index,
    sides,
    (side) => {
      const other = side === SPLIT_SIDES.train ? SPLIT_SIDES.val : SPLIT_SIDES.train;
      const why =
        settings.untagged_action === side
          ? `no image has the tag '${settings[KEYS[side]]}', and untagged_action is '${side}' but every ` +
            `image has the tag '${settings[KEYS[other]]}'`
          : `no image has the tag '${settings[KEYS[side]]}' and untagged_action is '${settings.untagged_action}'`;
      return { field: splitField(KEYS[side]), why };
    },
    overlapCause,
  );
}
