import { CheckpointError, tensorsIn } from '../checkpoint';
import type { CheckpointSidecar, StoredCheckpoint, TensorGroup } from '../checkpoint';
import type { NamedVariable } from '../contracts';
import { RANDOM_ALGORITHM } from './random';
import type { RunState, Session } from './session';
import { restoreVariables } from './variables';

// Resume puts a run back exactly where its `last` checkpoint left it: weights, batch-norm statistics, EMA,
// optimizer moments and step count, schedule position, epoch and step, best metric, patience and the
// loss of the epoch in progress. Random streams need no restoring: they derive from seed and epoch.

const AS_FINE_TUNE =
  'Resume a run with its own model and classes, or fine-tune from this checkpoint instead.';

function restoreGroup(
  checkpoint: StoredCheckpoint,
  variables: readonly NamedVariable[],
  group: TensorGroup,
): void {
  restoreVariables(checkpoint.path, variables, tensorsIn(checkpoint, group), AS_FINE_TUNE);
}

/** Top-level hyperparameters whose values differ, so the user learns why a resume may not be exact. */
function changedHyperparameters(sidecar: CheckpointSidecar, session: Session): string[] {
  const before = sidecar.hyperparameters as Record<string, unknown>;
  const now = session.hyperparameters as Record<string, unknown>;
  return Object.keys(now).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]));
}

function checkFits(checkpoint: StoredCheckpoint, session: Session): void {
  function fail(message: string, hint = AS_FINE_TUNE): never {
    throw new CheckpointError({ file: checkpoint.path, message, hint });
  }
  const { model, position, optimizer, progress } = checkpoint.sidecar;
  const { spec } = session.network;
  if (optimizer === undefined || progress === undefined) {
    fail(
      `checkpoint '${checkpoint.sidecar.name}' holds no optimizer state, so training cannot resume from it`,
      "Resume from the run's last.json, or fine-tune from this checkpoint instead.",
    );
  }
  if (model.arch !== spec.arch || model.task !== spec.task) {
    fail(
      `the checkpoint is a ${model.task} '${model.arch}' model, this run trains a ${spec.task} '${spec.arch}'`,
    );
  }
  if (model.inputSize !== spec.inputSize) {
    fail(`the checkpoint was trained at input_size ${model.inputSize}, this run uses ${spec.inputSize}`);
  }
  if (JSON.stringify(model.classes) !== JSON.stringify(session.classes)) {
    fail(
      `the checkpoint's classes [${model.classes.join(', ')}] differ from this run's [${session.classes.join(', ')}]`,
    );
  }
  if (optimizer.type !== session.optimizer.type) {
    fail(
      `the checkpoint's optimizer is ${optimizer.type}, this run's is ${session.optimizer.type}`,
      `Resume with optimizer.type ${optimizer.type}, or fine-tune from this checkpoint instead.`,
    );
  }
  if (!position.epochComplete && position.stepsPerEpoch !== session.plan.stepsPerEpoch) {
    fail(
      `the checkpoint stopped in the middle of epoch ${position.epoch} of ${position.stepsPerEpoch} steps, but this run's epochs have ${session.plan.stepsPerEpoch}`,
      'Resume with the same training items and batch_size.',
    );
  }
  if (position.epochComplete && position.epoch >= session.hyperparameters.epochs) {
    fail(
      `the run already trained all ${position.epoch} epochs`,
      `Raise epochs above ${position.epoch} to train on, or fine-tune from this checkpoint instead.`,
    );
  }
}

/** Warnings about what keeps this resume from reproducing an uninterrupted run; empty when it will. */
function inexactness(checkpoint: StoredCheckpoint, session: Session): string[] {
  const { sidecar } = checkpoint;
  const warnings: string[] = [];
  const changed = changedHyperparameters(sidecar, session);
  if (changed.length > 0)
    warnings.push(`hyperparameters changed since the checkpoint: ${changed.join(', ')}`);
  const items = sidecar.progress?.trainItems;
  if (
    items &&
    (items.count !== session.trainItems.count || items.refsSha256 !== session.trainItems.refsSha256)
  ) {
    warnings.push(
      `the training items differ from the checkpoint's (${items.count} then, ${session.trainItems.count} now)`,
    );
  }
  if (sidecar.random.algorithm !== RANDOM_ALGORITHM) warnings.push('the shuffling algorithm changed');
  if (session.average !== undefined && sidecar.ema === undefined) {
    warnings.push('the checkpoint has no EMA weights, so the average starts from the current weights');
  }
  return warnings;
}

/**
 * Restores a session from a `last` checkpoint and returns the warnings that make the resume inexact.
 * Throws CheckpointError when the checkpoint cannot resume this run.
 */
export function restoreSession(session: Session, checkpoint: StoredCheckpoint): string[] {
  checkFits(checkpoint, session);
  const { network, optimizer, average, state } = session;
  const { sidecar } = checkpoint;
  restoreGroup(checkpoint, network.trainable, 'weights');
  restoreGroup(checkpoint, network.state, 'state');
  restoreGroup(checkpoint, optimizer.slots, 'optimizer');
  optimizer.restoreStep(sidecar.optimizer?.step ?? 0);
  if (average !== undefined && sidecar.ema !== undefined) {
    restoreGroup(checkpoint, average.averaged, 'ema');
    average.restoreUpdates(sidecar.ema.updates);
  } else {
    average?.reset();
  }
  const { position, progress } = sidecar;
  const restored: RunState = {
    epoch: position.epoch,
    stepInEpoch: position.stepInEpoch,
    epochComplete: position.epochComplete,
    globalStep: position.globalStep,
    learningRate: position.learningRate,
    epochLossSum: progress?.epochLossSum ?? 0,
    epochLossSteps: progress?.epochLossSteps ?? 0,
    best: progress?.best,
    epochsWithoutImprovement: progress?.epochsWithoutImprovement ?? 0,
    checkpoints: [...(progress?.checkpoints ?? [])],
  };
  Object.assign(state, restored);
  return inexactness(checkpoint, session);
}
