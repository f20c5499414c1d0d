// The "model benchmark": a checkpoint scored on the val split, written to the experiment's evaluation/
// folder and summarised for the terminal.
export { evaluateCheckpoint } from './evaluateCheckpoint';
export type { CheckpointEvaluation, CheckpointEvaluationRequest } from './evaluateCheckpoint';
export { readEvaluationFolder, writeEvaluationFolder } from './evaluationFolder';
export { summarizeEvaluation } from './summary';
export { drawWorstGallery } from './worstGallery';
export type { StagedGallery } from './worstGallery';
