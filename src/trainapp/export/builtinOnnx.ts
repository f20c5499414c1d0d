import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import type { DatasetItem } from '../../data/model';
import type { EngineTask } from '../../engine/contracts';
import { buildOnnxModel, measureParity, openOnnxSession } from '../../engine/export';
import type { OnnxModel, ParityReport } from '../../engine/export';
import type { LoadedCheckpoint } from '../../engine/train';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { parityBatch } from './parityBatch';
import { producerVersion } from './producerVersion';
import { withLoadedCheckpoint } from '../loadCheckpointTo';

// The built-in framework's checkpoint as an ONNX model, run in ONNX Runtime on a batch of val images beside
// tfjs. Nothing is judged or written here: the caller refuses a model out of tolerance before staging it.

/** The images parity is checked on, or how to read them: only when an ONNX model is measured. */
export type ParityItems = readonly DatasetItem[] | (() => readonly DatasetItem[]);

export interface BuiltinOnnxRequest {
  readonly experimentDir: string;
  readonly checkpoint: ExperimentCheckpoint;
  readonly parityItems: ParityItems;
  readonly device: string | null;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
  readonly log: (message: string, level?: 'info' | 'warning') => void;
}

export interface MeasuredOnnx {
  readonly model: OnnxModel;
  readonly parity: ParityReport;
  /** The parity images were noise: the run has no val images. */
  readonly syntheticParity: boolean;
  /** The tfjs backend parity was measured against. */
  readonly backend: TrainingBackend;
  readonly task: EngineTask;
  /** The checkpoint's classes: output class i is classes[i]. */
  readonly classes: readonly string[];
  readonly inputSize: number;
}

async function runParity(model: OnnxModel, loaded: LoadedCheckpoint, request: BuiltinOnnxRequest) {
  const { task, inputSize } = loaded.spec;
  const { parityItems } = request;
  const items = typeof parityItems === 'function' ? parityItems() : parityItems;
  const batch = await parityBatch(items, { task, classes: loaded.classes, inputSize });
  if (batch.synthetic) {
    request.log(
      `The run has no val images: ONNX Runtime is checked against tfjs on ${String(batch.size)} images of fixed noise instead.`,
      'warning',
    );
  }
  const session = await openOnnxSession(model.bytes);
  try {
    return { report: await measureParity(loaded.network, session, batch.images, batch.size), batch };
  } finally {
    await session.release();
  }
}

export async function measureBuiltinOnnx(request: BuiltinOnnxRequest): Promise<MeasuredOnnx> {
  const { checkpoint } = request;
  return withLoadedCheckpoint('export', checkpoint.file, request, async (loaded, backend) => {
    request.log(`Exporting ${checkpoint.name} to ONNX; checking it against tfjs on ${backend}.`);
    const model = buildOnnxModel(loaded.network, {
      producerVersion: producerVersion(),
      description: `Train Studio export of ${path.basename(request.experimentDir)}, checkpoint ${checkpoint.name}.`,
    });
    const { report, batch } = await runParity(model, loaded, request);
    return {
      model,
      parity: report,
      syntheticParity: batch.synthetic,
      backend,
      task: loaded.spec.task,
      classes: loaded.classes,
      inputSize: loaded.spec.inputSize,
    };
  });
}
