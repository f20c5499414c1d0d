import path from 'node:path';
import type { TrainingBackend, TrainerEventBody } from '../../core/events';
import type { BuiltinHyperparameters } from '../../core/schemas/hyperparameters';
import {
  CHECKPOINTS_FOLDER,
  CHECKPOINT_NAMES,
  CHECKPOINT_SIDECAR_EXTENSION,
  saveCheckpoint,
} from '../checkpoint';
import type { HostTensor, TrainingProgress } from '../checkpoint';
import type { Network, TaskHead } from '../contracts';
import type { EpochPlan } from './epochPlan';
import type { Optimizer } from './optimizer';
import { epochSeeds, RANDOM_ALGORITHM } from './random';
import type { WeightAverage } from './weightAverage';
import { readVariables } from './variables';

// Everything a run holds while it trains, and how it becomes a checkpoint.

/** Where the run is, and what an exact resume needs besides the tensors. */
export interface RunState {
  /** The epoch in progress, or the last one finished when `epochComplete`. */
  epoch: number;
  stepInEpoch: number;
  epochComplete: boolean;
  globalStep: number;
  learningRate: number;
  epochLossSum: number;
  epochLossSteps: number;
  best: TrainingProgress['best'];
  epochsWithoutImprovement: number;
  /** Names of the checkpoints written so far, this run's and, after a resume, the earlier ones. */
  checkpoints: string[];
}

export const initialRunState = (): RunState => ({
  epoch: 1,
  stepInEpoch: 0,
  epochComplete: false,
  globalStep: 0,
  learningRate: 0,
  epochLossSum: 0,
  epochLossSteps: 0,
  best: undefined,
  epochsWithoutImprovement: 0,
  checkpoints: [],
});

export interface Session {
  readonly hyperparameters: BuiltinHyperparameters;
  readonly classes: readonly string[];
  readonly backend: TrainingBackend;
  readonly network: Network;
  readonly head: TaskHead;
  readonly optimizer: Optimizer;
  readonly average: WeightAverage | undefined;
  readonly plan: EpochPlan;
  readonly trainItems: TrainingProgress['trainItems'];
  readonly outputDir: string;
  readonly state: RunState;
}

/** A checkpoint's sidecar path relative to the experiment folder, with forward slashes on every OS. */
export const checkpointPath = (name: string): string =>
  `${CHECKPOINTS_FOLDER}/${name}${CHECKPOINT_SIDECAR_EXTENSION}`;

export interface SaveOptions {
  /** The epoch's validation metric that ranks checkpoints. */
  readonly metric?: { readonly name: string; readonly value: number };
  readonly metrics?: Readonly<Record<string, number>>;
}

async function tensorsOf(session: Session, withOptimizer: boolean): Promise<HostTensor[]> {
  const { network, average, optimizer } = session;
  const groups = [
    readVariables(network.trainable, 'weights'),
    readVariables(network.state, 'state'),
    readVariables(average?.averaged ?? [], 'ema'),
    readVariables(withOptimizer ? optimizer.slots : [], 'optimizer'),
  ];
  return (await Promise.all(groups)).flat();
}

/** Writes checkpoint `name`; `last` also holds the optimizer state and the run's progress. */
export async function saveSession(
  session: Session,
  name: string,
  emit: (event: TrainerEventBody) => void,
  options: SaveOptions = {},
): Promise<void> {
  const { state, network, optimizer, average, hyperparameters } = session;
  if (!state.checkpoints.includes(name)) state.checkpoints.push(name);
  const isLast = name === CHECKPOINT_NAMES.last;
  const tensors = await tensorsOf(session, isLast);
  const { spec } = network;
  saveCheckpoint(
    path.join(session.outputDir, CHECKPOINTS_FOLDER),
    name,
    {
      backend: session.backend,
      model: { ...spec, classes: [...session.classes] },
      hyperparameters,
      position: {
        epoch: state.epoch,
        stepInEpoch: state.stepInEpoch,
        stepsPerEpoch: session.plan.stepsPerEpoch,
        epochComplete: state.epochComplete,
        globalStep: state.globalStep,
        learningRate: state.learningRate,
      },
      metric: options.metric,
      metrics: options.metrics,
      random: {
        algorithm: RANDOM_ALGORITHM,
        seed: hyperparameters.seed,
        ...epochSeeds(hyperparameters.seed, state.epoch),
      },
      optimizer: isLast ? { type: optimizer.type, step: optimizer.step } : undefined,
      ema: average === undefined ? undefined : { updates: average.updates },
      progress: isLast
        ? {
            best: state.best,
            epochsWithoutImprovement: state.epochsWithoutImprovement,
            epochLossSum: state.epochLossSum,
            epochLossSteps: state.epochLossSteps,
            checkpoints: [...state.checkpoints],
            trainItems: session.trainItems,
          }
        : undefined,
    },
    tensors,
  );
  emit({
    type: 'checkpoint_saved',
    name,
    path: checkpointPath(name),
    epoch: state.epoch,
    ...(options.metric === undefined ? {} : { metric: options.metric.value }),
  });
}
