// Export of an experiment's checkpoint: ONNX (built here, checked against tfjs in ONNX Runtime), TensorRT
// (trtexec on the ONNX file), or a custom framework's own export functions. Files land in export/ only once
// they are whole and verified, and experiment_info.json's `export` names them.
import type { TrainingBackend } from '../../core/events';
import { EXPORT_FORMATS } from '../../core/names';
import type { StopSignal } from '../../engine/train/stop';
import { EXPORT_FILES } from '../experiments/layout';
import type { Framework } from '../frameworks/contract';
import { logStack } from '../logs';
import type { ExperimentSession } from '../run/experimentSession';
import { knownProblem } from '../run/failure';
import { RunError } from '../runError';
import { exportBuiltin } from './builtinExport';
import type { BuiltinExports } from './builtinExport';
import type { ParityItems } from './builtinOnnx';
import { experimentCheckpoint } from '../experiments/checkpointFile';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { readModelClasses } from '../experiments/modelClasses';
import { recordedPath } from './exportFiles';
import { exportWithFramework } from './frameworkExport';
import { buildManifest, earlierFiles, writeManifest } from './manifest';
import { ExportStaging } from './staging';
import { exportStopped } from './stopped';

/** The formats `train-studio export --format` takes; experiment_info records them as ONNXRuntime and TensorRT. */
export const EXPORT_FORMAT_NAMES = ['onnx', 'tensorrt'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

export interface ExportRequest {
  /** In the order asked; TensorRT builds from the ONNX file, made first when it is missing. */
  readonly formats: readonly ExportFormatName[];
  /** A checkpoint file name in the experiment's checkpoints/ folder, such as best.json. */
  readonly checkpoint: string;
  /**
   * Images to check parity on: the run's val items (the first batch of them is used), or a function that
   * reads them, called only when the built-in ONNX export is measured.
   */
  readonly parityItems: ParityItems;
  /** A custom framework, whose own export functions are used; absent for the built-in one. */
  readonly plugin?: Framework;
  readonly device: string | null;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
  /** A stop request kills trtexec and fails the export, leaving the experiment folder as it was. */
  readonly stop?: StopSignal;
}

export interface ExportOutcome {
  /** The files written, relative to the experiment folder, by experiment_info `export` key. */
  readonly files: Readonly<Partial<Record<'ONNXRuntime' | 'TensorRT', string>>>;
  /** Formats asked for but not made, and why (no trtexec on PATH, a framework without an export function). */
  readonly skipped: readonly { readonly format: ExportFormatName; readonly reason: string }[];
  /** The largest |ONNX Runtime − tfjs| of the built-in ONNX export. */
  readonly maxAbsDiff?: number;
  /** How the built-in ONNX export's parity was measured. */
  readonly parity?: {
    readonly images: number;
    /** The images were noise: the run has no val images. */
    readonly synthetic: boolean;
    readonly tfjsBackend: TrainingBackend;
  };
  /** export/classes.json, relative to the experiment folder, when one was written. */
  readonly manifest?: string;
}

type StagedExports = Pick<BuiltinExports, 'staged' | 'skipped' | 'measured'>;

/**
 * A known problem with a cause (a framework's own code that threw, ONNX Runtime rejecting a model): the
 * cause's stack goes to logs/train.log, and the problem on without it, so that the user is shown one clear
 * message.
 */
function withStackLogged(session: ExperimentSession, error: unknown): unknown {
  const problem = knownProblem(error);
  const cause = error instanceof Error ? error.cause : undefined;
  if (problem === undefined || !(cause instanceof Error)) return error;
  logStack(session.experimentDir, cause.stack);
  return new RunError(problem);
}

async function stageExports(
  session: ExperimentSession,
  request: ExportRequest,
  checkpoint: ExperimentCheckpoint,
  staging: ExportStaging,
): Promise<StagedExports> {
  const experimentDir = session.experimentDir;
  // TensorRT builds from the ONNX file: ONNX first, whatever the order asked.
  const formats = EXPORT_FORMAT_NAMES.filter((format) => request.formats.includes(format));
  const { plugin } = request;
  if (plugin === undefined) {
    return exportBuiltin({
      ...request,
      formats,
      experimentDir,
      checkpoint,
      staging,
      log: (message, level) => {
        session.info(message, level);
      },
    });
  }
  const taskType = session.read().task_type;
  if (taskType === undefined) {
    throw new RunError({
      message: `${experimentDir}/experiment_info.json has no task_type, which ${plugin.name}'s export functions are given.`,
      hint: 'Finalise the run first (`train-studio finalize`), then export.',
    });
  }
  return exportWithFramework({
    framework: plugin,
    formats,
    experimentDir,
    checkpoint,
    taskType,
    classes: (readModelClasses(experimentDir) ?? []).map((meta) => meta.title),
    staging,
    log: (message, level) => {
      session.info(`${plugin.name}: ${message}`, level);
    },
  });
}

/** Moves the staged files into export/, writes classes.json, and records them in experiment_info.json. */
function publish(
  session: ExperimentSession,
  staging: ExportStaging,
  checkpoint: ExperimentCheckpoint,
  { staged, skipped, measured }: StagedExports,
): ExportOutcome {
  const made = EXPORT_FORMAT_NAMES.flatMap((format) => {
    const name = staged[format];
    return name === undefined ? [] : [{ key: EXPORT_FORMATS[format], name }];
  });
  if (made.length === 0) return { files: {}, skipped };
  const files = Object.fromEntries(made.map(({ key, name }) => [key, recordedPath(name)]));
  // Read before publishing: the files an earlier export of this checkpoint left stay listed.
  const manifest =
    measured &&
    buildManifest({
      experimentDir: session.experimentDir,
      checkpoint: checkpoint.name,
      measured,
      files: {
        ...earlierFiles(staging.exportDir, checkpoint.name),
        ...Object.fromEntries(made.map(({ key, name }) => [key, name])),
      },
    });
  staging.publish();
  if (manifest) writeManifest(staging.exportDir, manifest);
  session.update((info) => ({ ...info, export: { ...info.export, ...files } }));
  const manifestFile = manifest ? recordedPath(EXPORT_FILES.manifest) : undefined;
  const written = [...Object.values(files), ...(manifestFile === undefined ? [] : [manifestFile])];
  session.info(`Exported ${checkpoint.name}: ${written.join(', ')}.`);
  return {
    files,
    skipped,
    ...(measured
      ? {
          maxAbsDiff: measured.parity.maxAbsDiff,
          parity: {
            images: measured.parity.images,
            synthetic: measured.syntheticParity,
            tfjsBackend: measured.backend,
          },
        }
      : {}),
    ...(manifestFile ? { manifest: manifestFile } : {}),
  };
}

/**
 * Exports the checkpoint in each format asked for, then records the files in experiment_info.json. An export
 * that fails (no checkpoint, a damaged one, an unsupported layer, parity out of tolerance, trtexec failing)
 * or is stopped throws a RunError and leaves the experiment folder as it was.
 */
export async function recordExport(
  session: ExperimentSession,
  request: ExportRequest,
): Promise<ExportOutcome> {
  const checkpoint = experimentCheckpoint(
    session.experimentDir,
    session.read(),
    request.checkpoint,
    'export',
  );
  const staging = ExportStaging.open(session.experimentDir);
  try {
    const staged = await stageExports(session, request, checkpoint, staging);
    if (request.stop?.stopRequested) throw exportStopped(checkpoint.name, request.stop);
    return publish(session, staging, checkpoint, staged);
  } catch (error) {
    throw withStackLogged(session, error);
  } finally {
    staging.discard();
  }
}
