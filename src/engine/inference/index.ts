// Inference on image files: a checkpoint's predictions, in original image pixels.
export { DEFAULT_SCORE_THRESHOLD, predictImages, predictionDecodeOptions } from './predictImages';
export type { ImageFile, ImagePrediction, PredictionModel, PredictionRequest } from './predictImages';
