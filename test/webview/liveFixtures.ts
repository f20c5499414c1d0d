import type { HostMessageOf } from '../../src/core/panel/messages';
import type { ExperimentSummary, MetricPoint, PanelSession, RunView } from '../../src/core/panel/views';
import { AppOptions } from '../../src/core/schemas/appOptions';
import { RunOptions } from '../../src/core/schemas/appState';

// Host messages as the panel's host sends them for a project with a run under way, finished experiments,
// and an evaluation: what the Run, Artifacts, Evaluation and Compare tests (and the panel benchmark) send.

export const WORKSPACE = '/workspace';
export const EXPERIMENT_DIR = `${WORKSPACE}/experiments/001_shapes`;
export const OTHER_EXPERIMENT_DIR = `${WORKSPACE}/experiments/002_shapes`;

export const experiment = (
  dir: string,
  name: string,
  overrides: Partial<ExperimentSummary> = {},
): ExperimentSummary => ({
  dir,
  name,
  status: 'completed',
  project: `${WORKSPACE}/shapes`,
  model: 'tiny-detector',
  taskType: 'object detection',
  datetime: '2026-07-01T10:00:00Z',
  keyMetric: { name: 'mAP50', value: 0.61 },
  ...overrides,
});

export function sessionMessage(overrides: Partial<PanelSession> = {}): HostMessageOf<'session'> {
  return {
    type: 'session',
    session: {
      mode: 'edit',
      appStateFile: `${WORKSPACE}/app_state.json`,
      appStateLabel: 'app_state.json',
      settings: {
        project: 'shapes',
        split: { method: 'random', split: 'train', percent: 80, seed: 42, stratify: false },
        classes: [],
        model: { source: 'Pretrained models', model_name: 'tiny-detector' },
        hyperparameters: 'epochs: 20\n',
        options: RunOptions.parse({}),
        experimentName: 'shapes baseline',
      },
      problems: [],
      framework: { name: 'tfjs', appOptions: AppOptions.parse({}), devices: [] },
      trusted: true,
      ...overrides,
    },
  };
}

/** The messages that make every setup card done: with them, Start is enabled (when trusted). */
export const SETUP_DONE: readonly HostMessageOf<
  'project' | 'splitPreview' | 'models' | 'hyperparameterDiagnostics'
>[] = [
  {
    type: 'project',
    state: {
      status: 'ready',
      view: {
        path: `${WORKSPACE}/shapes`,
        label: 'shapes',
        format: 'supervisely',
        images: 60,
        objects: 180,
        classes: [
          { name: 'circle', shape: 'polygon', objects: 60, images: 40, color: '#ff0000' },
          { name: 'square', shape: 'rectangle', objects: 60, images: 40, color: '#00ff00' },
          { name: 'triangle', shape: 'polygon', objects: 60, images: 40, color: '#0000ff' },
        ],
        datasets: [{ name: 'ds0', images: 60 }],
        imageTags: [],
        collections: [],
        problems: 0,
      },
    },
  },
  { type: 'splitPreview', preview: { status: 'ready', train: 48, val: 12 } },
  {
    type: 'models',
    models: {
      columns: ['Params'],
      pretrained: [{ name: 'tiny-detector', task: 'object detection', columns: { Params: '1.2M' } }],
      custom: [],
    },
  },
  { type: 'hyperparameterDiagnostics', diagnostics: [] },
];

export function runMessage(overrides: Partial<RunView> = {}): HostMessageOf<'run'> {
  return {
    type: 'run',
    run: {
      experiment: experiment(EXPERIMENT_DIR, '001_shapes', { status: 'running' }),
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

export const artifactsMessage = (experimentDir = EXPERIMENT_DIR): HostMessageOf<'artifacts'> => ({
  type: 'artifacts',
  experimentDir,
  files: [
    { path: `${experimentDir}/logs/train.log`, relative: 'logs/train.log', kind: 'log', bytes: 2048 },
    {
      path: `${experimentDir}/checkpoints/last.json`,
      relative: 'checkpoints/last.json',
      kind: 'checkpoint',
      bytes: 1536,
    },
    {
      path: `${experimentDir}/checkpoints/best.json`,
      relative: 'checkpoints/best.json',
      kind: 'checkpoint',
      bytes: 1536,
    },
    {
      path: `${experimentDir}/checkpoints/best.bin`,
      relative: 'checkpoints/best.bin',
      kind: 'checkpoint',
      bytes: 5_400_000,
    },
    {
      path: `${experimentDir}/evaluation/metrics.json`,
      relative: 'evaluation/metrics.json',
      kind: 'evaluation',
      bytes: 900,
    },
  ],
});

export const evaluationMessage: HostMessageOf<'evaluation'> = {
  type: 'evaluation',
  experimentDir: EXPERIMENT_DIR,
  evaluation: {
    primaryMetric: 'mAP50',
    metrics: {
      checkpoint: 'best.json',
      task: 'object detection',
      classes: ['circle', 'square'],
      metrics: { mAP: 0.41234, mAP50: 0.612345, mAP75: 0.4 },
      perClass: [
        { className: 'circle', metrics: { AP: 0.5, AP50: 0.7 } },
        { className: 'square', metrics: { AP: 0.32, AP50: 0.52 } },
      ],
      images: 12,
      seconds: 1.5,
      backend: 'cpu',
    },
    prCurves: {
      classes: [
        {
          className: 'circle',
          recall: [0.2, 0.4, 0.4, 0.8],
          precision: [1, 0.9, 0.8, 0.6],
          score: [0.9, 0.8, 0.7, 0.5],
        },
        { className: 'square', recall: [0.25, 0.5, 0.75], precision: [1, 0.66, 0.5], score: [0.9, 0.6, 0.3] },
      ],
    },
    confusion: {
      unit: 'images',
      labels: ['circle', 'square', 'background'],
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
    experiment(OTHER_EXPERIMENT_DIR, '002_shapes', { keyMetric: { name: 'mAP50', value: 0.7 } }),
    experiment(EXPERIMENT_DIR, '001_shapes'),
  ],
};

export const comparisonMessage: HostMessageOf<'comparison'> = {
  type: 'comparison',
  runs: [
    {
      experiment: experiment(OTHER_EXPERIMENT_DIR, '002_shapes'),
      epochs: [1, 2, 3],
      curves: { train_loss: [1, 0.6, 0.4], val_mAP50: [0.2, null, 0.7] },
      metrics: { mAP50: 0.7, loss: 0.4 },
    },
    {
      experiment: experiment(EXPERIMENT_DIR, '001_shapes'),
      epochs: [1, 2],
      curves: { train_loss: [1.2, 0.8], val_mAP50: [0.3, 0.61] },
      metrics: { mAP50: 0.61, loss: 0.35 },
    },
  ],
};
