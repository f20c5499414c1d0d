import { z } from 'zod';
import { RUN_STATUS_VALUES } from './names';

// The trainer's side of the run protocol (FORMATS §8): one JSON object per line on stdout, each with its
// type, an ISO time and the run id. Whatever starts a trainer (the CLI, the extension, a user's script)
// parses lines with parseTrainerEvent and never trusts an unparsed one. Control goes the other way, on
// stdin, as TrainerCommand lines.

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = z.int().min(0);
/** Validation and training metrics by name: `loss`, `accuracy`, `mAP50`, `mIoU`, ... */
const Metrics = z.record(z.string(), finite);

const base = { time: z.iso.datetime(), runId: z.string().min(1) };

/** Backends the engine can train on, in the order it tries them. */
export const TRAINING_BACKENDS = {
  tensorflowGpu: 'tensorflow-gpu',
  tensorflowCpu: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
} as const;
export type TrainingBackend = (typeof TRAINING_BACKENDS)[keyof typeof TRAINING_BACKENDS];
export const TRAINING_BACKEND_VALUES = Object.values(TRAINING_BACKENDS) as [
  TrainingBackend,
  ...TrainingBackend[],
];

export const TrainerEvent = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('experiment_opened'),
    /** Absolute path of the experiment folder this process trains, resumes, finalises or evaluates. */
    experimentDir: z.string().min(1),
    /** What the process does in it: the CLI command, such as `train` or `resume`. */
    command: z.string().min(1),
  }),
  z.object({
    ...base,
    type: z.literal('train_started'),
    totalEpochs: z.int().min(1),
    stepsPerEpoch: z.int().min(1),
    /** The epoch training starts from: 1, or the next epoch after a resumed checkpoint. */
    startEpoch: z.int().min(1),
    backend: z.string(),
    /** Why each earlier backend in the chain was skipped. */
    skippedBackends: z.array(z.object({ backend: z.string(), reason: z.string() })),
    trainSize: count,
    valSize: count,
  }),
  z.object({ ...base, type: z.literal('epoch_started'), epoch: z.int().min(1) }),
  z.object({
    ...base,
    type: z.literal('step_finished'),
    epoch: z.int().min(1),
    /** 1-based step within the epoch. */
    step: z.int().min(1),
    /** Optimizer steps since the start of training, resumed ones included. */
    globalStep: z.int().min(1),
    totalSteps: z.int().min(1),
    loss: finite,
    lr: finite,
    imagesPerSecond: finite,
    etaSeconds: finite,
  }),
  z.object({
    ...base,
    type: z.literal('epoch_finished'),
    epoch: z.int().min(1),
    /** `train_loss` and the validation metrics, `val_` prefixed. */
    metrics: Metrics,
    etaSeconds: finite,
  }),
  z.object({
    ...base,
    type: z.literal('checkpoint_saved'),
    /** `best`, `last` or `epoch_<n>`. */
    name: z.string().min(1),
    /** Path of the checkpoint's sidecar JSON, relative to the experiment folder. */
    path: z.string().min(1),
    epoch: z.int().min(0),
    metric: finite.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('log'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
  z.object({ ...base, type: z.literal('stopping'), reason: z.string() }),
  z.object({
    ...base,
    type: z.literal('finalize_step'),
    step: z.string().min(1),
    status: z.enum(['started', 'done', 'skipped', 'failed']),
    message: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('train_finished'),
    status: z.enum(RUN_STATUS_VALUES),
    epochs: count,
    bestCheckpoint: z.string().optional(),
    bestMetric: finite.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('result'),
    /** What the framework returned (ExperimentResult); checked by finalise, which names a bad field. */
    result: z.record(z.string(), z.unknown()),
  }),
  z.object({
    ...base,
    type: z.literal('error'),
    message: z.string().min(1),
    file: z.string().optional(),
    hint: z.string().optional(),
  }),
]);
export type TrainerEvent = z.infer<typeof TrainerEvent>;
export type TrainerEventType = TrainerEvent['type'];
/** An event as the trainer builds it: the writer adds time and runId. */
export type TrainerEventBody = TrainerEvent extends infer Event
  ? Event extends TrainerEvent
    ? Omit<Event, 'time' | 'runId'>
    : never
  : never;

export const TrainerCommand = z.discriminatedUnion('type', [
  /** Finish the current batch, save `last`, finalise with status `stopped`. */
  z.object({ type: z.literal('stop') }),
  /** Save `last` after the current batch and carry on. */
  z.object({ type: z.literal('checkpoint_now') }),
]);
export type TrainerCommand = z.infer<typeof TrainerCommand>;

export type LineParse<T> = { ok: true; value: T } | { ok: false; error: string };

function parseLine<T>(schema: z.ZodType<T>, line: string, what: string): LineParse<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: `not a JSON ${what}: ${line.slice(0, 80)}` };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` at '${first.path.join('.')}'` : '';
  return { ok: false, error: `invalid ${what}${where}: ${first?.message ?? 'unknown problem'}` };
}

export const parseTrainerEvent = (line: string): LineParse<TrainerEvent> =>
  parseLine(TrainerEvent, line, 'trainer event');
export const parseTrainerCommand = (line: string): LineParse<TrainerCommand> =>
  parseLine(TrainerCommand, line, 'trainer command');
