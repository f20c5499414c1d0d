// Inference speed: a timing harness, its statistics, and the timing of a network on tfjs and on ONNX Runtime.
export { DEFAULT_TIMING_OPTIONS, timeBatches, timeRuns } from './harness';
export type { Clock, Timing, TimingOptions } from './harness';
export { syntheticImages, timeOnnxInference, timeTfjsInference } from './inference';
export { imagesPerSecond, latencyStatistics, percentile } from './statistics';
export type { LatencyStatistics } from './statistics';
