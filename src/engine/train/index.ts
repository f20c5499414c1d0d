// The training engine: the loop, optimisers, schedules, EMA, stop and resume. Checkpoint files live in
// ../checkpoint; this is where they are made from, and turned back into, a live network.
export { trainModel } from './trainModel';
export type { TrainIo, TrainJob, TrainResult } from './job';
export { evaluateModel, finiteScores, finiteValues } from './evaluate';
export type { EvaluationRequest, ModelEvaluation } from './evaluate';
export { loadCheckpoint } from './loadCheckpoint';
export type { LoadedCheckpoint } from './loadCheckpoint';
export { bindStopToProcess, StopController } from './stop';
export type { ProcessStopOptions, SignalTarget, StopSignal } from './stop';
export { TrainingError } from './errors';
export type { TrainingProblem } from './errors';
export type { ClassMapping } from './fineTune';
export { CheckpointError } from '../checkpoint';
