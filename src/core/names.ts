// Canonical names. Every layer, the webview and the generated JSON Schemas take these spellings from
// here, so that a renamed value is renamed everywhere at once.

/** The values of a names object as a non-empty tuple, the form z.enum takes. */
const valuesOf = <Names extends Readonly<Record<string, string>>>(names: Names) =>
  Object.values(names) as [Names[keyof Names], ...Names[keyof Names][]];

export const TASK_TYPES = {
  classification: 'classification',
  objectDetection: 'object detection',
  instanceSegmentation: 'instance segmentation',
  semanticSegmentation: 'semantic segmentation',
  poseEstimation: 'pose estimation',
} as const;
export type TaskType = (typeof TASK_TYPES)[keyof typeof TASK_TYPES];
export const TASK_TYPE_VALUES = valuesOf(TASK_TYPES);

export const SPLIT_METHODS = {
  random: 'random',
  tags: 'tags',
  datasets: 'datasets',
  collections: 'collections',
} as const;
export type SplitMethod = (typeof SPLIT_METHODS)[keyof typeof SPLIT_METHODS];
export const SPLIT_METHOD_VALUES = valuesOf(SPLIT_METHODS);

/** Where an image without either split tag goes under the `tags` split method. */
export const UNTAGGED_ACTIONS = { train: 'train', val: 'val', ignore: 'ignore' } as const;
export type UntaggedAction = (typeof UNTAGGED_ACTIONS)[keyof typeof UNTAGGED_ACTIONS];
export const UNTAGGED_ACTION_VALUES = valuesOf(UNTAGGED_ACTIONS);

export const MODEL_SOURCES = {
  pretrained: 'Pretrained models',
  custom: 'Custom models',
} as const;
export type ModelSource = (typeof MODEL_SOURCES)[keyof typeof MODEL_SOURCES];

/** The framework that ships with Train Studio; `app_state.framework` names it unless it points elsewhere. */
export const BUILTIN_FRAMEWORK = 'tfjs';

/** A models.json checkpoint that means: no weights to start from, initialise randomly and train from scratch. */
export const FROM_SCRATCH_CHECKPOINT = 'scratch://';

export const SHAPES = {
  rectangle: 'rectangle',
  polygon: 'polygon',
  bitmap: 'bitmap',
  line: 'line',
  point: 'point',
  graph: 'graph',
  multipolygon: 'multipolygon',
  any: 'any',
  alphaMask: 'alpha_mask',
  orientedBbox: 'oriented_bbox',
  cuboid3d: 'cuboid_3d',
  pointcloud: 'point_cloud',
} as const;
export type Shape = (typeof SHAPES)[keyof typeof SHAPES];
export const SHAPE_VALUES = valuesOf(SHAPES);

export const TAG_VALUE_TYPES = {
  none: 'none',
  anyNumber: 'any_number',
  anyString: 'any_string',
  oneofString: 'oneof_string',
  date: 'date',
} as const;
export type TagValueType = (typeof TAG_VALUE_TYPES)[keyof typeof TAG_VALUE_TYPES];
export const TAG_VALUE_TYPE_VALUES = valuesOf(TAG_VALUE_TYPES);

export const RUN_STATUSES = {
  running: 'running',
  completed: 'completed',
  stopped: 'stopped',
  failed: 'failed',
} as const;
export type RunStatus = (typeof RUN_STATUSES)[keyof typeof RUN_STATUSES];
export const RUN_STATUS_VALUES = valuesOf(RUN_STATUSES);

export const TRAIN_LOGGERS = { tensorboard: 'tensorboard' } as const;

/** The export formats a run can produce; the keys of `options.export` and `experiment_info.export`. */
export const EXPORT_FORMATS = { onnx: 'ONNXRuntime', tensorrt: 'TensorRT' } as const;

/** The config files Train Studio validates, by kind. */
export const CONFIG_KINDS = {
  models: 'models',
  appOptions: 'app_options',
  hyperparameters: 'hyperparameters',
  appState: 'app_state',
  experimentInfo: 'experiment_info',
} as const;
export type ConfigKind = (typeof CONFIG_KINDS)[keyof typeof CONFIG_KINDS];
export const CONFIG_KIND_VALUES = valuesOf(CONFIG_KINDS);

/**
 * What finalising a run does, in order. Each step is recorded in experiment_info.json when it ends, so that
 * `train-studio finalize` can complete an interrupted finalise without training again.
 */
export const FINALIZE_STEPS = {
  validateResult: 'validate_result',
  copyArtifacts: 'copy_artifacts',
  writeMetadata: 'write_metadata',
  writeLogs: 'write_logs',
  evaluate: 'evaluate',
  export: 'export',
  /** Latency and throughput of the exported and the tfjs model (options.model_benchmark.speed_test). */
  speedTest: 'speed_test',
  /** evaluation/report.html from what evaluate, export and speed_test left. */
  report: 'report',
} as const;
export type FinalizeStep = (typeof FINALIZE_STEPS)[keyof typeof FINALIZE_STEPS];
export const FINALIZE_STEP_VALUES = valuesOf(FINALIZE_STEPS);

/**
 * The checkpoints every framework's experiment folder may hold by these names (`best.json`, `last.pt`, …):
 * resume continues from `last`. The built-in framework's sidecar files end in `.json`.
 */
export const CHECKPOINT_NAMES = { best: 'best', last: 'last' } as const;
export const CHECKPOINT_SIDECAR_EXTENSION = '.json';
