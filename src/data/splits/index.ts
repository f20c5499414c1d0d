export { parseCollection } from './collectionsSplit';
export type { CollectionEntry } from './collectionsSplit';
export { splitItems, writeSplitFile } from './splitItems';
export type { SplitContext } from './splitItems';
export { SplitError } from './splitError';
export { SPLIT_SIDES, toSplitFile } from './trainValSplit';
export type { SplitSide, TrainValSplit } from './trainValSplit';
