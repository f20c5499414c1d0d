// The image pipeline: sharp decoding, letterboxing, augmentation, concurrent prefetch and an on-disk cache.
export { createPipeline } from './pipeline';
export { PipelineClosedError } from './prefetch';
export { MIN_BOX_SIDE, MIN_VISIBLE_FRACTION } from './targets';
export type { BatchRequest, ImagePipeline, PipelineOptions, PipelineStats } from './types';
