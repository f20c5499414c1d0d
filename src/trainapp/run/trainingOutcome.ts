import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../data/atomicWrite';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';

// How training ended, kept on disk between training and finalising: finalise may be interrupted, and
// `train-studio finalize` then needs what the framework returned without training again.

export const TrainingOutcome = z.object({
  status: z.enum(['completed', 'stopped']),
  /** What the framework returned, unchecked: checking it is finalise's first step. */
  result: z.unknown(),
  epochs: z.int().min(0),
});
export type TrainingOutcome = z.infer<typeof TrainingOutcome>;

const outcomePath = (experimentDir: string) =>
  path.join(experimentDir, EXPERIMENT_FOLDERS.work, 'training_outcome.json');

export function writeTrainingOutcome(experimentDir: string, outcome: TrainingOutcome): void {
  writeJsonAtomic(outcomePath(experimentDir), outcome, { durable: true });
}

/** Undefined when training never returned (it failed, or the process died). */
export function readTrainingOutcome(experimentDir: string): TrainingOutcome | undefined {
  try {
    const parsed = TrainingOutcome.safeParse(JSON.parse(fs.readFileSync(outcomePath(experimentDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
