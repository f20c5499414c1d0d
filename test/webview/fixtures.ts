import path from 'node:path';
import type { HostMessageOf, HostToWebviewMessage } from '../../src/core/panel/messages';
import type {
  ArtifactFile,
  ConversionPreview,
  CustomModelRow,
  ExperimentSummary,
  MetricPoint,
  ModelsView,
  PanelSession,
  PanelSettings,
  ProjectView,
  RunView,
  TextDiagnostic,
} from '../../src/core/panel/views';
import { MODEL_SOURCES } from '../../src/core/names';
import { AppOptions } from '../../src/core/schemas/appOptions';
import { RunOptions } from '../../src/core/schemas/appState';
import { REPO_ROOT } from '../paths';

// What the host would send for samples/app_state.json on samples/shapes (its real numbers: 120 images in
// two datasets, 5 classes), the tfjs framework's models, two earlier experiments, and a run of the first
// under way with its files and evaluation. The setup and live card tests and the panel benchmark send them.
// Tests change what they need through the overrides; every builder returns a message that passes the
// protocol's schema.

export const SAMPLES = path.join(REPO_ROOT, 'samples');
export const APP_STATE_FILE = path.join(SAMPLES, 'app_state.json');
export const SHAPES_PROJECT = path.join(SAMPLES, 'shapes');
export const EXPERIMENTS = path.join(SAMPLES, 'experiments');
export const EXPERIMENT_DIRS = {
  first: path.join(EXPERIMENTS, '1_shapes-demo'),
  second: path.join(EXPERIMENTS, '2_shapes-demo'),
} as const;

export const SAMPLE_HYPERPARAMETERS =
  'epochs: 15\nbatch_size: 4\ninput_size: 64\noptimizer:\n  type: AdamW\n  lr: 0.01\nlr_scheduler:\n  type: cosine\n';

export function sampleSettings(overrides: Partial<PanelSettings> = {}): PanelSettings {
  return {
    project: 'shapes',
    split: { method: 'random', split: 'train', percent: 80, seed: 42, stratify: false },
    classes: ['square', 'donut', 'triangle', 'blob'],
    model: { source: MODEL_SOURCES.pretrained, model_name: 'CenterNet-S' },
    hyperparameters: SAMPLE_HYPERPARAMETERS,
    options: RunOptions.parse({}),
    experimentName: 'shapes-demo',
    ...overrides,
  };
}

export interface SessionOverrides {
  readonly mode?: PanelSession['mode'];
  readonly settings?: Partial<PanelSettings>;
  /** app_options.yaml as written (defaults fill the rest). */
  readonly appOptions?: Record<string, unknown>;
  readonly devices?: string[];
  readonly trusted?: boolean;
}

export function sessionMessage(overrides: SessionOverrides = {}): HostMessageOf<'session'> {
  const mode = overrides.mode ?? 'edit';
  return {
    type: 'session',
    session: {
      mode,
      appStateFile: mode === 'readOnly' ? path.join(EXPERIMENT_DIRS.first, 'app_state.json') : APP_STATE_FILE,
      appStateLabel:
        mode === 'readOnly' ? 'samples/experiments/1_shapes-demo/app_state.json' : 'samples/app_state.json',
      ...(mode === 'readOnly' && { experiment: experimentSummary(EXPERIMENT_DIRS.first, 'shapes-demo') }),
      settings: sampleSettings(
        mode === 'readOnly' ? { project: '../../shapes', ...overrides.settings } : overrides.settings,
      ),
      problems: [],
      framework: {
        name: 'tfjs',
        appOptions: AppOptions.parse(
          overrides.appOptions ?? { device_selector: true, export_onnx_supported: true },
        ),
        devices: overrides.devices ?? ['cpu', 'gpu:0'],
      },
      trusted: overrides.trusted ?? true,
    },
  };
}

export function experimentSummary(
  dir: string,
  name: string,
  overrides: Partial<ExperimentSummary> = {},
): ExperimentSummary {
  return {
    dir,
    name,
    status: 'completed',
    project: SHAPES_PROJECT,
    model: 'CenterNet-S',
    taskType: 'object detection',
    datetime: '2026-11-24T10:00:00.000Z',
    keyMetric: { name: 'mAP50', value: 0.61 },
    ...overrides,
  };
}

export function candidatesMessage(): HostMessageOf<'projectCandidates'> {
  return {
    type: 'projectCandidates',
    candidates: [
      { path: SHAPES_PROJECT, label: 'samples/shapes' },
      { path: path.join(REPO_ROOT, 'test', 'fixtures', 'coco-mini'), label: 'test/fixtures/coco-mini' },
    ],
  };
}

export function shapesProjectView(overrides: Partial<ProjectView> = {}): ProjectView {
  return {
    path: SHAPES_PROJECT,
    label: 'samples/shapes',
    format: 'supervisely',
    images: 120,
    objects: 349,
    classes: [
      { name: 'square', shape: 'rectangle', objects: 78, images: 58, color: '#E62828' },
      { name: 'donut', shape: 'polygon', objects: 61, images: 49, color: '#28C83C' },
      { name: 'triangle', shape: 'polygon', objects: 80, images: 53, color: '#FAAA14' },
      { name: 'blob', shape: 'bitmap', objects: 58, images: 45, color: '#2850E6' },
      { name: 'dot', shape: 'point', objects: 72, images: 53, color: '#FAFAFA' },
    ],
    datasets: [
      { name: 'train_a', images: 60 },
      { name: 'train_b', images: 60 },
    ],
    imageTags: ['weather'],
    collections: [],
    problems: 0,
    ...overrides,
  };
}

export function projectMessage(overrides: Partial<ProjectView> = {}): HostMessageOf<'project'> {
  return { type: 'project', state: { status: 'ready', view: shapesProjectView(overrides) } };
}

export function splitPreviewMessage(train = 96, val = 24): HostMessageOf<'splitPreview'> {
  return { type: 'splitPreview', preview: { status: 'ready', train, val } };
}

export function conversionPreviewMessage(): HostMessageOf<'conversionPreview'> {
  const preview: ConversionPreview = {
    taskType: 'object detection',
    rows: [
      { className: 'square', shape: 'rectangle', outcome: 'kept', objects: 78 },
      { className: 'donut', shape: 'polygon', outcome: 'converted', target: 'rectangle', objects: 61 },
      { className: 'triangle', shape: 'polygon', outcome: 'converted', target: 'rectangle', objects: 80 },
      { className: 'blob', shape: 'bitmap', outcome: 'converted', target: 'rectangle', objects: 58 },
    ],
  };
  return { type: 'conversionPreview', preview };
}

export const CUSTOM_MODELS: readonly CustomModelRow[] = [
  {
    experimentDir: EXPERIMENT_DIRS.first,
    experimentName: 'shapes-demo',
    checkpoint: 'best.json',
    best: true,
    task: 'object detection',
    model: 'CenterNet-S',
  },
  {
    experimentDir: EXPERIMENT_DIRS.first,
    experimentName: 'shapes-demo',
    checkpoint: 'last.json',
    best: false,
    task: 'object detection',
    model: 'CenterNet-S',
  },
];

export function modelsMessage(overrides: Partial<ModelsView> = {}): HostMessageOf<'models'> {
  return {
    type: 'models',
    models: {
      columns: ['Task', 'Params (M)', 'Input'],
      pretrained: [
        {
          name: 'CenterNet-S',
          task: 'object detection',
          columns: { Task: 'object detection', 'Params (M)': '1.2', Input: '128' },
        },
        {
          name: 'CenterNet-M',
          task: 'object detection',
          columns: { Task: 'object detection', 'Params (M)': '4.8', Input: '256' },
        },
        {
          name: 'ResNet-Tiny',
          task: 'classification',
          columns: { Task: 'classification', 'Params (M)': '0.6', Input: '64' },
        },
      ],
      custom: [...CUSTOM_MODELS],
      ...overrides,
    },
  };
}

export function diagnosticsMessage(
  diagnostics: TextDiagnostic[] = [],
): HostMessageOf<'hyperparameterDiagnostics'> {
  return { type: 'hyperparameterDiagnostics', diagnostics };
}

/** Everything the host sends after `ready` for the sample app_state, in its order. */
export function sampleSetupMessages(session: SessionOverrides = {}): HostToWebviewMessage[] {
  return [
    sessionMessage(session),
    candidatesMessage(),
    projectMessage(),
    splitPreviewMessage(),
    conversionPreviewMessage(),
    modelsMessage(),
    diagnosticsMessage(),
  ];
}

/** The experiment a run follows, and another one to compare it with. */
export const EXPERIMENT_DIR = EXPERIMENT_DIRS.first;
export const OTHER_EXPERIMENT_DIR = EXPERIMENT_DIRS.second;

export function runMessage(overrides: Partial<RunView> = {}): HostMessageOf<'run'> {
  return {
    type: 'run',
    run: {
      experiment: experimentSummary(EXPERIMENT_DIR, 'shapes-demo', { status: 'running' }),
      live: true,
      phase: 'training',
      epoch: 3,
      totalEpochs: 20,
      fraction: 0.15,
      etaSeconds: 72,
      ...overrides,
    },
  };
}

/** `count` steps of loss and lr from `firstStep`, as the host turns step_finished events into points. */
export function stepPoints(firstStep: number, count: number): MetricPoint[] {
  return Array.from({ length: count }, (_, index) => {
    const step = firstStep + index;
    return [
      { series: 'loss', axis: 'step' as const, x: step, value: 2 / Math.sqrt(step + 1) },
      { series: 'lr', axis: 'step' as const, x: step, value: 0.001 },
    ];
  }).flat();
}

export const epochPoints = (epoch: number): MetricPoint[] => [
  { series: 'train_loss', axis: 'epoch', x: epoch, value: 1 / epoch },
  { series: 'val_mAP50', axis: 'epoch', x: epoch, value: 0.1 * epoch },
];

export const metricsMessage = (
  points: MetricPoint[],
  reset: boolean,
  experimentDir = EXPERIMENT_DIR,
): HostMessageOf<'metrics'> => ({ type: 'metrics', experimentDir, reset, points });

export function artifactsMessage(experimentDir = EXPERIMENT_DIR): HostMessageOf<'artifacts'> {
  const file = (relative: string, kind: ArtifactFile['kind'], bytes: number): ArtifactFile => ({
    path: `${experimentDir}/${relative}`,
    relative,
    kind,
    bytes,
  });
  // In the host's order (listArtifacts): checkpoints first, then by path.
  return {
    type: 'artifacts',
    experimentDir,
    files: [
      file('checkpoints/best.bin', 'checkpoint', 5_400_000),
      file('checkpoints/best.json', 'checkpoint', 1536),
      file('checkpoints/last.json', 'checkpoint', 1536),
      file('evaluation/metrics.json', 'evaluation', 900),
      file('logs/train.log', 'log', 2048),
    ],
  };
}

export const evaluationMessage: HostMessageOf<'evaluation'> = {
  type: 'evaluation',
  experimentDir: EXPERIMENT_DIR,
  evaluation: {
    primaryMetric: 'mAP50',
    metrics: {
      checkpoint: 'best.json',
      task: 'object detection',
      classes: ['donut', 'square'],
      metrics: { mAP: 0.41234, mAP50: 0.612345, mAP75: 0.4 },
      perClass: [
        { className: 'donut', metrics: { AP: 0.5, AP50: 0.7 } },
        { className: 'square', metrics: { AP: 0.32, AP50: 0.52 } },
      ],
      images: 12,
      seconds: 1.5,
      backend: 'cpu',
    },
    prCurves: {
      classes: [
        {
          className: 'donut',
          recall: [0.2, 0.4, 0.4, 0.8],
          precision: [1, 0.9, 0.8, 0.6],
          score: [0.9, 0.8, 0.7, 0.5],
        },
        { className: 'square', recall: [0.25, 0.5, 0.75], precision: [1, 0.66, 0.5], score: [0.9, 0.6, 0.3] },
      ],
    },
    confusion: {
      unit: 'images',
      labels: ['donut', 'square', 'background'],
      counts: [
        [8, 1, 1],
        [2, 7, 1],
        [0, 1, 0],
      ],
    },
    reportFile: `${EXPERIMENT_DIR}/evaluation/report.html`,
  },
};

export const experimentsMessage: HostMessageOf<'experiments'> = {
  type: 'experiments',
  experiments: [
    experimentSummary(OTHER_EXPERIMENT_DIR, 'shapes-demo-2', { keyMetric: { name: 'mAP50', value: 0.7 } }),
    experimentSummary(EXPERIMENT_DIR, 'shapes-demo'),
  ],
};

export const comparisonMessage: HostMessageOf<'comparison'> = {
  type: 'comparison',
  runs: [
    {
      experiment: experimentSummary(OTHER_EXPERIMENT_DIR, 'shapes-demo-2'),
      epochs: [1, 2, 3],
      curves: { train_loss: [1, 0.6, 0.4], val_mAP50: [0.2, null, 0.7] },
      metrics: { mAP50: 0.7, loss: 0.4 },
    },
    {
      experiment: experimentSummary(EXPERIMENT_DIR, 'shapes-demo'),
      epochs: [1, 2],
      curves: { train_loss: [1.2, 0.8], val_mAP50: [0.3, 0.61] },
      metrics: { mAP50: 0.61, loss: 0.35 },
    },
  ],
};

/** `count` experiments in the samples' experiments folder, the first two being the fixture's two. */
export function experimentsMessageOf(count: number): HostMessageOf<'experiments'> {
  return {
    type: 'experiments',
    experiments: Array.from({ length: count }, (_, index) => {
      const name = index === 0 ? 'shapes-demo' : `shapes-demo-${String(index + 1)}`;
      return experimentSummary(path.join(EXPERIMENTS, `${String(index + 1)}_shapes-demo`), name);
    }),
  };
}

/** The comparison the host replies with for `dirs`: the fixture's runs of those folders, in that order. */
export function comparisonOf(...dirs: string[]): HostMessageOf<'comparison'> {
  return {
    type: 'comparison',
    runs: dirs.flatMap((dir) => comparisonMessage.runs.filter((run) => run.experiment.dir === dir)),
  };
}
