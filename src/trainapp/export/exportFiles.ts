import { EXPERIMENT_FOLDERS, EXPORT_FILES } from '../experiments/layout';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import type { ExportFormatName } from './index';

// The names exported files take: export/<checkpoint>.onnx and export/<checkpoint>.engine, recorded under
// experiment_info.json's `export` as ONNXRuntime and TensorRT (EXPORT_FORMATS, keyed by our format names).

const EXTENSIONS: Readonly<Record<ExportFormatName, string>> = {
  onnx: EXPORT_FILES.onnxExtension,
  tensorrt: EXPORT_FILES.tensorrtExtension,
};

export const exportFileName = (checkpoint: ExperimentCheckpoint, format: ExportFormatName): string =>
  `${checkpoint.stem}${EXTENSIONS[format]}`;

/** A file of export/ as experiment_info.json records it: relative to the experiment folder, with `/`. */
export const recordedPath = (name: string): string => `${EXPERIMENT_FOLDERS.export}/${name}`;
