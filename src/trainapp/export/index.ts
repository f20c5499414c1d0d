// Export of an experiment's checkpoint: ONNX (built here, checked against tfjs in ONNX Runtime), TensorRT
// (trtexec on the ONNX file), or a custom framework's own export functions. Files land in export/ only once
// they are whole and verified, and experiment_info.json's `export` names them.
import type { TrainingBackend } from '../../core/events';
import type { DatasetItem } from '../../data/model';
import type { Framework } from '../frameworks/contract';
import type { ExperimentSession } from '../run/experimentSession';

/** The formats `train-studio export --format` takes; experiment_info records them as ONNXRuntime and TensorRT. */
export const EXPORT_FORMAT_NAMES = ['onnx', 'tensorrt'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

export interface ExportRequest {
  /** In the order asked; TensorRT builds from the ONNX file, made first when it is missing. */
  readonly formats: readonly ExportFormatName[];
  /** A checkpoint file name in the experiment's checkpoints/ folder, such as best.json. */
  readonly checkpoint: string;
  /** Images to check parity on: the run's val items (the first batch of them is used). */
  readonly parityItems: readonly DatasetItem[];
  /** A custom framework, whose own export functions are used; absent for the built-in one. */
  readonly plugin?: Framework;
  readonly device: string | null;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
}

export interface ExportOutcome {
  /** The files written, relative to the experiment folder, by experiment_info `export` key. */
  readonly files: Readonly<Partial<Record<'ONNXRuntime' | 'TensorRT', string>>>;
  /** Formats asked for but not made, and why (no trtexec on PATH, a framework without an export function). */
  readonly skipped: readonly { readonly format: ExportFormatName; readonly reason: string }[];
  /** The largest |ONNX Runtime − tfjs| of the built-in ONNX export. */
  readonly maxAbsDiff?: number;
}

/**
 * Exports the checkpoint in each format asked for, then records the files in experiment_info.json. An export
 * that fails (no checkpoint, a damaged one, an unsupported layer, parity out of tolerance, trtexec failing)
 * throws a RunError and leaves the experiment folder as it was.
 */
export async function recordExport(
  session: ExperimentSession,
  request: ExportRequest,
): Promise<ExportOutcome> {
  void session;
  void request;
  return Promise.reject(new Error('placeholder: recordExport is not written yet'));
}
