// The engine's model zoo: architectures by id (models.json `meta.arch_type`), built into Networks, with the
// TaskHead that trains and decodes each.
import { TASK_TYPES } from '../../core/names';
import type { EngineTask, Network, NetworkSpec, TaskHead } from '../contracts';
import type { Architecture, ArchitectureInfo, HeadOptions } from './architecture';
import { SMALL_CENTERNET } from './architectures/centernet';
import { MEDIUM_CLASSIFIER, SMALL_CLASSIFIER } from './architectures/classifiers';
import { SMALL_UNET } from './architectures/unet';
import { GraphBuilder, GraphNetwork } from './graph';

export type { ArchitectureInfo, HeadOptions } from './architecture';
export { GRAPH_INPUT, graphOf, type Graph } from './graph';
export type { Layer } from './layers';

const REGISTRY: Readonly<Record<string, Architecture>> = {
  'cls-s': SMALL_CLASSIFIER,
  'cls-m': MEDIUM_CLASSIFIER,
  'det-centernet-s': SMALL_CENTERNET,
  'seg-unet-s': SMALL_UNET,
};

export const ARCHITECTURES: Readonly<Record<string, ArchitectureInfo>> = Object.fromEntries(
  Object.entries(REGISTRY).map(([id, architecture]) => [id, architecture.info]),
);

/** Every architecture divides the input by at most 32, so these sizes give whole feature maps. */
const INPUT_SIZE_STEP = 32;
const MIN_INPUT_SIZE = 32;
const MAX_INPUT_SIZE = 1024;

function architectureFor(spec: NetworkSpec): Architecture {
  const architecture = REGISTRY[spec.arch];
  if (architecture === undefined) {
    throw new Error(
      `Unknown architecture '${spec.arch}' (models.json meta.arch_type). Known: ${Object.keys(REGISTRY).join(', ')}.`,
    );
  }
  if (architecture.info.task !== spec.task) {
    throw new Error(
      `Architecture '${spec.arch}' is for ${architecture.info.task}, but the task is ${spec.task}. Pick a ${spec.task} model.`,
    );
  }
  return architecture;
}

function checkSpec(spec: NetworkSpec): void {
  const { inputSize, numClasses } = spec;
  if (
    !Number.isInteger(inputSize) ||
    inputSize % INPUT_SIZE_STEP !== 0 ||
    inputSize < MIN_INPUT_SIZE ||
    inputSize > MAX_INPUT_SIZE
  ) {
    throw new Error(
      `Input size ${inputSize} is not supported: use a multiple of ${INPUT_SIZE_STEP} from ${MIN_INPUT_SIZE} to ${MAX_INPUT_SIZE}.`,
    );
  }
  const minimum = numClassesFor(spec.task, 1);
  if (!Number.isInteger(numClasses) || numClasses < minimum) {
    throw new Error(`A ${spec.task} network needs at least ${minimum} output classes, got ${numClasses}.`);
  }
}

/** Throws a clear error naming the unknown arch and the known ones. */
export function buildNetwork(spec: NetworkSpec): Network {
  const architecture = architectureFor(spec);
  checkSpec(spec);
  return new GraphNetwork(spec, architecture.build(new GraphBuilder(spec.seed), spec.numClasses));
}

export function taskHeadFor(spec: NetworkSpec, options: HeadOptions = {}): TaskHead {
  return architectureFor(spec).head(spec, options);
}

/** Channels of the model's class dimension for a class list: segmentation adds the background. */
export function numClassesFor(task: EngineTask, classCount: number): number {
  return task === TASK_TYPES.semanticSegmentation ? classCount + 1 : classCount;
}
