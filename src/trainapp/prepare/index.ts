export { describeClassMapping } from './checkpointClasses';
export { CONVERTED_DATASET_FOLDER } from './targetFormat';
export { formatBytes, RUN_MARGIN_BYTES } from './diskSpace';
export type { FreeBytes } from './diskSpace';
export { prepareRun } from './prepareRun';
export type { PrepareInput, PreparedRun } from './prepareRun';
export type { RecordedSplit } from './runSplit';
