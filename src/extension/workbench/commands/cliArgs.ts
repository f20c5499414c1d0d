import path from 'node:path';

// The CLI invocations the commands run, in one place: the argument lists are the interface between the
// editor and `train-studio`, so they are built and tested here.

export const EXPORT_CHOICES = {
  onnx: { label: 'ONNX', detail: 'An .onnx model for ONNX Runtime and other runtimes.' },
  tensorrt: { label: 'TensorRT', detail: 'A TensorRT engine, built from the ONNX export (needs trtexec).' },
} as const;
export type ExportFormat = keyof typeof EXPORT_CHOICES;

export const CONVERT_CHOICES = {
  coco: { label: 'COCO', detail: 'One annotations JSON and the images.' },
  yolo: { label: 'YOLO', detail: 'data.yaml, images/ and labels/ with one text file per image.' },
} as const;
export type ConvertFormat = keyof typeof CONVERT_CHOICES;

export const isConvertFormat = (value: unknown): value is ConvertFormat =>
  typeof value === 'string' && Object.hasOwn(CONVERT_CHOICES, value);

const checkpointArgs = (checkpoint: string | undefined): string[] =>
  checkpoint === undefined ? [] : ['--checkpoint', checkpoint];

/** `train-studio evaluate <dir> [--checkpoint <file>]`; without one, the CLI evaluates the best checkpoint. */
export function evaluateArgs(experimentDir: string, checkpoint?: string): string[] {
  return ['evaluate', experimentDir, ...checkpointArgs(checkpoint)];
}

/** `train-studio export <dir> --format onnx|tensorrt [--checkpoint <file>]`. */
export function exportArgs(experimentDir: string, format: ExportFormat, checkpoint?: string): string[] {
  return ['export', experimentDir, '--format', format, ...checkpointArgs(checkpoint)];
}

/** `train-studio benchmark <dir> [--checkpoint <file>]`: batch 1, 8 and 32 on tfjs and ONNX Runtime. */
export function benchmarkArgs(experimentDir: string, checkpoint?: string): string[] {
  return ['benchmark', experimentDir, ...checkpointArgs(checkpoint)];
}

export interface PredictOptions {
  readonly checkpoint?: string;
  /** Also draw the predictions over the images. */
  readonly draw?: boolean;
}

/** `train-studio predict <dir> <image or folder>... [--checkpoint <file>] [--draw]`. */
export function predictArgs(
  experimentDir: string,
  images: readonly string[],
  options: PredictOptions = {},
): string[] {
  return [
    'predict',
    experimentDir,
    ...images,
    ...checkpointArgs(options.checkpoint),
    ...(options.draw === true ? ['--draw'] : []),
  ];
}

/** `train-studio convert <project> --to coco|yolo --out <dir>`. */
export function convertArgs(project: string, to: ConvertFormat, out: string): string[] {
  return ['convert', project, '--to', to, '--out', out];
}

export const DOCTOR_ARGS: readonly string[] = ['doctor', '--json'];

/** `<project>_<format>` beside the project, numbered when taken: the convert command's suggestion. */
export function convertedFolderFor(
  project: string,
  to: ConvertFormat,
  exists: (dir: string) => boolean,
): string {
  const base = path.join(path.dirname(project), `${path.basename(project)}_${to}`);
  if (!exists(base)) return base;
  for (let number = 2; ; number++) {
    const candidate = `${base}_${String(number)}`;
    if (!exists(candidate)) return candidate;
  }
}
