import fs from 'node:fs';
import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { FINALIZE_STEPS, RUN_STATUSES } from '../../core/names';
import type { FinalizeStep } from '../../core/names';
import type { ExperimentInfo, RunOptions } from '../../core/schemas';
import type { DatasetItem } from '../../data/model';
import { PRIMARY_METRIC } from '../../metrics';
import { writeEvaluationReport } from '../evaluation/report';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { EXPORT_FORMAT_NAMES, recordExport } from '../export';
import type { Framework } from '../frameworks/contract';
import { recordSpeedTest } from '../speedTest';
import { logStack, rebuildLogs } from '../logs';
import { RunError } from '../runError';
import { adoptResultFiles, checkResult } from './experimentResult';
import type { CheckedResult } from './experimentResult';
import type { ExperimentSession } from './experimentSession';
import { recordEvaluation } from './recordEvaluation';
import { failureOf } from './failure';
import { metadataInfo, writeRunMetadata } from './runMetadata';
import type { RunMetadata } from './runMetadata';
import type { TrainingOutcome } from './trainingOutcome';

// Finalise: after training, make the experiment folder whole. Each step is recorded in experiment_info.json
// as it ends, so that `train-studio finalize` can run the steps that did not end without training again.
// The first three steps decide whether the run has a usable model, so their failure fails the run; the
// later ones are extras whose failure is recorded and reported, and the run keeps its status.

export interface FinalizeData {
  readonly metadata: RunMetadata;
  /** The val split's items, prepared (classes filtered, shapes converted). */
  readonly valItems: readonly DatasetItem[];
  /**
   * A custom framework; absent for the built-in one. Only the built-in framework's checkpoints can be
   * evaluated and timed by Train Studio; a custom one exports with its own functions.
   */
  readonly plugin?: Framework;
  readonly options: RunOptions;
  readonly batchSize?: number;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
}

type StepOutcome = { readonly status: 'done' } | { readonly status: 'skipped'; readonly message: string };

const ESSENTIAL_STEPS: ReadonlySet<FinalizeStep> = new Set([
  FINALIZE_STEPS.validateResult,
  FINALIZE_STEPS.copyArtifacts,
  FINALIZE_STEPS.writeMetadata,
]);

class Finalizer {
  private checked: CheckedResult | undefined;

  constructor(
    private readonly session: ExperimentSession,
    private readonly outcome: TrainingOutcome,
    private readonly data: FinalizeData,
  ) {}

  private get dir(): string {
    return this.session.experimentDir;
  }

  private result(): CheckedResult {
    this.checked ??= checkResult(this.outcome.result, this.dir);
    return this.checked;
  }

  readonly steps: Readonly<Record<FinalizeStep, () => Promise<StepOutcome> | StepOutcome>> = {
    [FINALIZE_STEPS.validateResult]: () => {
      this.result();
      return { status: 'done' };
    },
    [FINALIZE_STEPS.copyArtifacts]: () => {
      const adopted = adoptResultFiles(this.result(), this.dir);
      this.session.update((info) => ({ ...info, ...adopted }));
      return { status: 'done' };
    },
    [FINALIZE_STEPS.writeMetadata]: () => {
      writeRunMetadata(this.dir, this.data.metadata);
      this.session.update((info) => ({
        ...info,
        ...metadataInfo(this.data.metadata),
        artifacts_dir: '.',
        epochs: this.outcome.epochs,
      }));
      return { status: 'done' };
    },
    [FINALIZE_STEPS.writeLogs]: () => {
      rebuildLogs(this.dir, { tensorboard: true });
      this.session.update((info) => ({
        ...info,
        logs: { type: 'tensorboard', link: EXPERIMENT_FOLDERS.logs },
      }));
      return { status: 'done' };
    },
    [FINALIZE_STEPS.evaluate]: () => this.evaluate(),
    [FINALIZE_STEPS.export]: () => this.export(),
    [FINALIZE_STEPS.speedTest]: () => this.speedTest(),
    [FINALIZE_STEPS.report]: () => {
      const report = writeEvaluationReport(this.session);
      if (report === undefined) return { status: 'skipped', message: 'there is no evaluation to report' };
      this.session.info(`Evaluation report: ${path.join(this.dir, report)}`);
      return { status: 'done' };
    },
  };

  private get backendOptions() {
    return {
      device: this.data.options.device,
      searchDirectories: this.data.searchDirectories,
      ...(this.data.backends ? { backends: this.data.backends } : {}),
    };
  }

  private async export(): Promise<StepOutcome> {
    const { export: asked } = this.data.options;
    const formats = EXPORT_FORMAT_NAMES.filter((format) =>
      format === 'onnx' ? asked.ONNXRuntime : asked.TensorRT,
    );
    if (formats.length === 0) return { status: 'skipped', message: 'no export was asked for' };
    const outcome = await recordExport(this.session, {
      formats,
      checkpoint: this.result().bestCheckpoint,
      parityItems: this.data.valItems,
      ...(this.data.plugin ? { plugin: this.data.plugin } : {}),
      ...this.backendOptions,
    });
    const reasons = outcome.skipped.map(({ format, reason }) => `${format}: ${reason}`);
    if (Object.keys(outcome.files).length === 0) return { status: 'skipped', message: reasons.join('; ') };
    for (const reason of reasons) this.session.info(`Export skipped, ${reason}`, 'warning');
    return { status: 'done' };
  }

  private async speedTest(): Promise<StepOutcome> {
    if (!this.data.options.model_benchmark.speed_test) {
      return { status: 'skipped', message: 'options.model_benchmark.speed_test is off' };
    }
    if (this.data.plugin) {
      return { status: 'skipped', message: 'only the framework can run its own models' };
    }
    await recordSpeedTest(this.session, { checkpoint: this.result().bestCheckpoint, ...this.backendOptions });
    return { status: 'done' };
  }

  private async evaluate(): Promise<StepOutcome> {
    if (!this.data.options.model_benchmark.enable) {
      return { status: 'skipped', message: 'options.model_benchmark.enable is off' };
    }
    const result = this.result();
    if (this.data.plugin) {
      if (!result.evaluationMetrics) {
        return {
          status: 'skipped',
          message: 'the framework returned no evaluation_metrics, and only it can run its model',
        };
      }
      const metrics = result.evaluationMetrics;
      this.session.update((info) => ({ ...info, evaluation_metrics: { ...metrics } }));
      return { status: 'done' };
    }
    if (this.data.valItems.length === 0) return { status: 'skipped', message: 'the val split is empty' };
    const { result: evaluation } = await recordEvaluation(this.session, {
      sidecarPath: path.join(this.dir, EXPERIMENT_FOLDERS.checkpoints, result.bestCheckpoint),
      items: this.data.valItems,
      ...(this.data.batchSize ? { batchSize: this.data.batchSize } : {}),
      ...this.backendOptions,
    });
    const primary = PRIMARY_METRIC[evaluation.task];
    this.session.info(
      `Evaluation of ${result.bestCheckpoint} on ${String(this.data.valItems.length)} val images: ${primary} ${String(evaluation.evaluation.metrics[primary]?.toFixed(4))}.`,
    );
    return { status: 'done' };
  }
}

function record(
  session: ExperimentSession,
  step: FinalizeStep,
  status: 'done' | 'skipped' | 'failed',
  message?: string,
) {
  const time = new Date().toISOString();
  session.update((info) => ({
    ...info,
    finalize_steps: { ...info.finalize_steps, [step]: { status, time, ...(message ? { message } : {}) } },
  }));
  session.emit({ type: 'finalize_step', step, status, ...(message ? { message } : {}) });
}

const isFinished = (info: ExperimentInfo, step: FinalizeStep) => {
  const status = info.finalize_steps[step]?.status;
  return status === 'done' || status === 'skipped';
};

/**
 * Runs every finalise step not already done, then sets the final status. Throws a RunError when an
 * essential step fails; the caller records the run as failed.
 */
export async function finalizeExperiment(
  session: ExperimentSession,
  outcome: TrainingOutcome,
  data: FinalizeData,
): Promise<ExperimentInfo> {
  const finalizer = new Finalizer(session, outcome, data);
  for (const [step, run] of Object.entries(finalizer.steps) as [FinalizeStep, () => Promise<StepOutcome>][]) {
    if (isFinished(session.read(), step)) continue;
    session.emit({ type: 'finalize_step', step, status: 'started' });
    try {
      const ended = await run();
      record(session, step, ended.status, ended.status === 'skipped' ? ended.message : undefined);
    } catch (error) {
      const { problem, stack } = failureOf(error);
      logStack(session.experimentDir, stack);
      record(session, step, 'failed', problem.message);
      if (ESSENTIAL_STEPS.has(step)) throw error instanceof RunError ? error : new RunError(problem);
      session.info(`Finalise step ${step} failed: ${problem.message} ${problem.hint}`, 'warning');
    }
  }
  const status = outcome.status === 'stopped' ? RUN_STATUSES.stopped : RUN_STATUSES.completed;
  const info = session.update((current) => ({ ...current, status }));
  fs.rmSync(path.join(session.experimentDir, EXPERIMENT_FOLDERS.work), { recursive: true, force: true });
  return info;
}
