import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { BUILTIN_FRAMEWORK, TASK_TYPES } from '../../core/names';
import type { BuiltinHyperparameters, ExperimentResult } from '../../core/schemas';
import { TARGET_FORMATS } from '../../core/schemas/framework';
import type { EngineTask } from '../../engine/contracts';
import { trainModel } from '../../engine/train';
import { RunError } from '../runError';
import type { Framework, FrameworkContext } from './contract';

// The built-in framework: the tfjs engine, called in this process (which is already the trainer process,
// never the extension host). It reads the user's files itself, so it wants no converted dataset.

export interface BuiltinOptions {
  /** Where decoded images are cached between runs when options.cache_project is set. */
  readonly imageCacheDir: string;
  /** Where to look for the optional native tfjs packages: the workspace. */
  readonly searchDirectories: readonly string[];
  /** Restricts the backend chain (tests). */
  readonly backends?: readonly TrainingBackend[];
}

const ENGINE_TASKS: readonly string[] = [
  TASK_TYPES.classification,
  TASK_TYPES.objectDetection,
  TASK_TYPES.semanticSegmentation,
];

function engineTaskOf(context: FrameworkContext): EngineTask {
  if (ENGINE_TASKS.includes(context.taskType)) return context.taskType as EngineTask;
  throw new RunError({
    message: `The built-in framework cannot train ${context.taskType} models (model ${context.model.name}).`,
    hint: 'Pick a classification, object detection or semantic segmentation model from its models.json.',
    field: 'model',
  });
}

function archOf(context: FrameworkContext): string {
  const arch = context.model.meta.arch_type;
  if (typeof arch === 'string' && arch.length > 0) return arch;
  throw new RunError({
    message: `Model ${context.model.name} in the built-in models.json has no meta.arch_type.`,
    hint: 'Every built-in model entry names its architecture in meta.arch_type.',
  });
}

/** Checkpoint paths come back relative to the experiment folder; the result lists sidecar files. */
const toPosix = (relative: string) => relative.split(path.sep).join('/');

export function builtinFramework(options: BuiltinOptions): Framework {
  return {
    name: BUILTIN_FRAMEWORK,
    targetFormat: TARGET_FORMATS.none,
    async start(context: FrameworkContext): Promise<ExperimentResult> {
      const { checkpoint, dataset, paths } = context;
      const result = await trainModel(
        {
          runId: context.runId,
          task: engineTaskOf(context),
          arch: archOf(context),
          classes: context.classes,
          train: dataset.train,
          val: dataset.val,
          hyperparameters: context.hyperparameters as BuiltinHyperparameters,
          outputDir: paths.experimentDir,
          ...(context.options.cache_project
            ? { cache: { dir: options.imageCacheDir, dataHash: context.projectVersion } }
            : {}),
          ...(checkpoint.kind === 'file' && !context.resumeFrom ? { initFrom: checkpoint.sidecarPath } : {}),
          ...(context.resumeFrom ? { resumeFrom: context.resumeFrom } : {}),
          device: context.options.device,
          searchDirectories: options.searchDirectories,
          ...(options.backends ? { backends: options.backends } : {}),
        },
        {
          emit: (event) => {
            context.emit(event);
          },
          stop: context.stop,
        },
      );
      const best = result.bestCheckpoint ?? result.lastCheckpoint;
      return {
        model_name: context.model.name,
        checkpoints: result.checkpoints.map(toPosix),
        best_checkpoint: path.basename(best),
        model_files: { checkpoint: toPosix(best) },
      };
    },
  };
}
