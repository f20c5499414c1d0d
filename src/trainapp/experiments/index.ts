export type { AllocatedExperiment, AllocateOptions } from './allocate';
export { allocateExperimentFolder } from './allocate';
export { readExperimentInfo, updateExperimentInfo, writeExperimentInfo } from './experimentInfo';
export { ExperimentFolderError } from './folderError';
export type { ExperimentEntry } from './registry';
export { listExperiments, NO_INFO_YET } from './registry';
export { relativeToExperiment } from './relativePath';
