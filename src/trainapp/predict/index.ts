// `train-studio predict`: a built-in experiment's checkpoint on image files, written as Supervisely
// annotations or COCO results, optionally drawn.
export { PREDICTION_FORMATS } from './outputFormats';
export type { PredictionFormat } from './outputFormats';
export { PredictUsageError, predictWithExperiment } from './predictExperiment';
export type { PredictEnvironment, PredictOutcome, PredictRequest } from './predictExperiment';
export type { InputImage } from './inputs';
export { summarizePrediction } from './summary';
