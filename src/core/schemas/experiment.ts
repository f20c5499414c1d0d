import { z } from 'zod';
import { EXPORT_FORMATS, FINALIZE_STEP_VALUES, RUN_STATUS_VALUES, TASK_TYPE_VALUES } from '../names';

// What a run leaves in its experiment folder (FORMATS §7). Paths are relative to the experiment folder.

/** `dataset/item` references; the user's files are referred to, never copied. */
export const TrainValSplitFile = z
  .strictObject({
    train: z.array(z.string().min(1)).describe('Items in the train split.'),
    val: z.array(z.string().min(1)).describe('Items in the val split.'),
  })
  .describe('The items a run trained and validated on.');
export type TrainValSplitFile = z.infer<typeof TrainValSplitFile>;

const relativePath = (description: string) => z.string().min(1).describe(description);

const FinalizeStepRecord = z
  .strictObject({
    status: z.enum(['done', 'skipped', 'failed']),
    time: z.iso.datetime({ offset: true }),
    message: z.string().optional().describe('Why it was skipped or failed.'),
  })
  .describe('How one finalise step ended.');

export const ExperimentInfo = z
  .looseObject({
    experiment_name: z.string().min(1),
    framework_name: z.string().min(1),
    model_name: z
      .string()
      .min(1)
      .optional()
      .describe('The model trained; absent when the run failed before its model was resolved.'),
    task_type: z
      .enum(TASK_TYPE_VALUES)
      .optional()
      .describe('The model’s task; absent when the run failed before its model was resolved.'),
    project: z.string().min(1).describe('The dataset folder the run used.'),
    status: z.enum(RUN_STATUS_VALUES).describe('Where the run is: running, completed, stopped or failed.'),
    model_files: z.record(z.string(), z.string()).default({}),
    checkpoints: z.array(relativePath('A checkpoint file.')).default([]),
    best_checkpoint: z.string().min(1).nullable().default(null).describe('File name of the best checkpoint.'),
    base_checkpoint: z.string().min(1).nullable().default(null).describe('The checkpoint training started from.'),
    export: z
      .strictObject({
        [EXPORT_FORMATS.onnx]: relativePath('The ONNX file.').optional(),
        [EXPORT_FORMATS.tensorrt]: relativePath('The TensorRT engine.').optional(),
      })
      .default({}),
    app_state: relativePath('app_state.json of the run.').optional(),
    source_app_state: relativePath(
      'The app_state file the run was started from, relative to the experiment folder, with `/` separators.',
    ).optional(),
    model_meta: relativePath('model_meta.json of the run.').optional(),
    train_val_split: relativePath('train_val_split.json of the run.').optional(),
    hyperparameters: relativePath('hyperparameters.yaml of the run.').optional(),
    train_size: z.int().min(0).optional(),
    val_size: z.int().min(0).optional(),
    artifacts_dir: z.string().min(1).optional(),
    datetime: z.iso.datetime({ offset: true }).optional().describe('When the run started, ISO 8601 with time zone.'),
    project_version: z.string().min(1).optional().describe('Content hash of the data the run used.'),
    evaluation_metrics: z.record(z.string(), z.number()).default({}),
    evaluation_checkpoint: z
      .string()
      .min(1)
      .optional()
      .describe('The checkpoint file name evaluation_metrics were measured on.'),
    evaluation_report: relativePath(
      'The evaluation report, a self-contained HTML page (evaluation/report.html).',
    ).optional(),
    run_id: z.int().min(1).optional().describe('The run number, increasing per workspace.'),
    epochs: z.int().min(0).optional().describe('Epochs completed, resumed ones included.'),
    finalize_steps: z
      .partialRecord(z.enum(FINALIZE_STEP_VALUES), FinalizeStepRecord)
      .default({})
      .describe('The finalise steps that have ended; `train-studio finalize` runs the others.'),
    logs: z.strictObject({ type: z.string().min(1), link: z.string().min(1) }).optional(),
    error: z.strictObject({ message: z.string().min(1), hint: z.string().optional() }).optional(),
  })
  .superRefine((info, context) => {
    if (info.best_checkpoint === null) return;
    const names = info.checkpoints.map((path) => path.split('/').pop());
    if (!names.includes(info.best_checkpoint)) {
      context.addIssue({
        code: 'custom',
        path: ['best_checkpoint'],
        message: `best_checkpoint '${info.best_checkpoint}' is not among the checkpoints.`,
      });
    }
  })
  .describe('What a training run produced.');
export type ExperimentInfo = z.infer<typeof ExperimentInfo>;
