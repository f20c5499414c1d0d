// The run lifecycle: app_state in, experiment folder out; resume, finalise and evaluate afterwards.
export { evaluateExperiment, finalizeExistingExperiment, resumeExperiment } from './continueRun';
export type { RecordedEvaluation } from './recordEvaluation';
export { trainFromAppState } from './trainRun';
export type { RunEnvironment, RunOutcome } from './runEnvironment';
export { failureOf } from './failure';
