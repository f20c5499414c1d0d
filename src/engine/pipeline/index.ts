// The image pipeline: sharp decoding, letterboxing, augmentation, concurrent prefetch and an on-disk cache.
export { createPipeline } from './pipeline';
export { PipelineClosedError } from './prefetch';
export type { BatchRequest, ImagePipeline, PipelineOptions, PipelineStats } from './types';
