import path from 'node:path';
import type { HostToWebviewMessage } from '../../src/core/panel/messages';
import type {
  ConversionPreview,
  CustomModelRow,
  ExperimentSummary,
  ModelsView,
  PanelSession,
  PanelSettings,
  ProjectView,
  TextDiagnostic,
} from '../../src/core/panel/views';
import { MODEL_SOURCES } from '../../src/core/names';
import { AppOptions } from '../../src/core/schemas/appOptions';
import { RunOptions } from '../../src/core/schemas/appState';
import { REPO_ROOT } from '../paths';

// What the host would send for samples/app_state.json on samples/shapes (its real numbers: 120 images in
// two datasets, 5 classes), the tfjs framework's models, and two earlier experiments. Tests change what they
// need through the overrides; every builder returns a message that passes the protocol's schema.

type Message<Type extends HostToWebviewMessage['type']> = Extract<HostToWebviewMessage, { type: Type }>;

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

export function sessionMessage(overrides: SessionOverrides = {}): Message<'session'> {
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

function experimentSummary(dir: string, name: string): ExperimentSummary {
  return {
    dir,
    name,
    status: 'completed',
    project: SHAPES_PROJECT,
    model: 'CenterNet-S',
    taskType: 'object detection',
    datetime: '2026-11-24T10:00:00.000Z',
    keyMetric: { name: 'mAP50', value: 0.61 },
  };
}

export const experimentSummaries = (): ExperimentSummary[] => [
  experimentSummary(EXPERIMENT_DIRS.second, 'shapes-demo-2'),
  experimentSummary(EXPERIMENT_DIRS.first, 'shapes-demo'),
];

export function candidatesMessage(): Message<'projectCandidates'> {
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

export function projectMessage(overrides: Partial<ProjectView> = {}): Message<'project'> {
  return { type: 'project', state: { status: 'ready', view: shapesProjectView(overrides) } };
}

export function splitPreviewMessage(train = 96, val = 24): Message<'splitPreview'> {
  return { type: 'splitPreview', preview: { status: 'ready', train, val } };
}

export function conversionPreviewMessage(): Message<'conversionPreview'> {
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

export function modelsMessage(overrides: Partial<ModelsView> = {}): Message<'models'> {
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

export function diagnosticsMessage(diagnostics: TextDiagnostic[] = []): Message<'hyperparameterDiagnostics'> {
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
