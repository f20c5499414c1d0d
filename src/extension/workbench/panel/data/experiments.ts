import type { ArtifactFile, ComparedRun, EvaluationView, ExperimentSummary } from '../../../../core/panel';

// The Artifacts, Evaluation and Compare cards' facts, read from experiment folders.

/** Every readable experiment under the experiments folders, newest first. */
export function listExperimentSummaries(experimentsRoots: readonly string[]): ExperimentSummary[] {
  throw new Error(`not built yet: ${String(experimentsRoots.length)}`);
}

/** One experiment folder; undefined when its experiment_info.json is missing or unreadable. */
export function summarizeExperiment(dir: string): ExperimentSummary | undefined {
  throw new Error(`not built yet: ${dir}`);
}

/** The experiment's files (hidden and scratch folders left out), checkpoints first. */
export function listArtifacts(experimentDir: string): ArtifactFile[] {
  throw new Error(`not built yet: ${experimentDir}`);
}

/** evaluation/'s metrics, PR curves and confusion matrix; null when the experiment has not been evaluated. */
export function readEvaluationView(experimentDir: string): EvaluationView | null {
  throw new Error(`not built yet: ${experimentDir}`);
}

/** Each experiment's epoch curves (logs/metrics.jsonl) and evaluation metrics; unreadable ones are left out. */
export function readComparedRuns(dirs: readonly string[]): ComparedRun[] {
  throw new Error(`not built yet: ${String(dirs.length)}`);
}
