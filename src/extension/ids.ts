// Identifiers that the manifest (package.json) declares; a unit test checks the two agree.
export const EXTENSION_ID = 'train-studio.train-studio';
export const OUTPUT_CHANNEL_NAME = 'Train Studio';

/** The task type and the debug type: both start the trainer CLI on an app_state.json. */
export const TASK_TYPE = 'trainstudio';
export const DEBUG_TYPE = 'trainstudio';

/** The app_state files the task provider, the debugger and the pickers offer: `app_state.json`, `x.app_state.json`. */
export const APP_STATE_GLOB = '**/{app_state.json,*.app_state.json}';

export const COMMANDS = {
  showOutput: 'trainStudio.showOutput',
  // Palette
  newTrainingRun: 'trainStudio.newTrainingRun',
  start: 'trainStudio.start',
  stop: 'trainStudio.stop',
  resume: 'trainStudio.resume',
  evaluate: 'trainStudio.evaluate',
  exportModel: 'trainStudio.exportModel',
  speedTest: 'trainStudio.speedTest',
  predict: 'trainStudio.predict',
  openEvaluationReport: 'trainStudio.openEvaluationReport',
  convertDataset: 'trainStudio.convertDataset',
  validateConfigs: 'trainStudio.validateConfigs',
  compare: 'trainStudio.compare',
  checkGpu: 'trainStudio.checkGpu',
  createSample: 'trainStudio.createSample',
  openPanel: 'trainStudio.openPanel',
  /** The same, from a run of the Experiments view or an app_state file in the Explorer. */
  openInPanel: 'trainStudio.openInPanel',
  // The experiment tree (hidden from the palette: they need a tree item)
  refreshExperiments: 'trainStudio.refreshExperiments',
  fineTune: 'trainStudio.fineTune',
  debugRun: 'trainStudio.debugRun',
  revealExperiment: 'trainStudio.revealExperiment',
  openExperimentInfo: 'trainStudio.openExperimentInfo',
  deleteExperiment: 'trainStudio.deleteExperiment',
  showRunLog: 'trainStudio.showRunLog',
} as const;
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands the workbench registers for its own use, not contributed in package.json. */
export const INTERNAL_COMMANDS = {
  /** The status bar item's click: the live run's terminal or log. */
  showLiveRun: 'trainStudio.showLiveRun',
} as const;

export const VIEWS = {
  container: 'trainStudio',
  experiments: 'trainStudio.experiments',
} as const;

/** The training panel's webview type; the serializer registered for it revives panels after a reload. */
export const PANEL_VIEW_TYPE = 'trainStudio.panel';

/** Settings under `trainStudio.`; package.json documents each. */
export const SETTINGS = {
  section: 'trainStudio',
  nodePath: 'nodePath',
  stopTimeoutSeconds: 'stopTimeoutSeconds',
  maxConcurrentRuns: 'maxConcurrentRuns',
  experimentsFolder: 'experimentsFolder',
} as const;

/**
 * Tokens in a tree item's contextValue, separated by spaces; package.json's menus match them with
 * `viewItem =~ /\btoken\b/`. A run carries `run`, `status-<status>` and any capability tokens that apply.
 */
export const TREE_CONTEXT = {
  project: 'project',
  run: 'run',
  /** Prefix of the run's status: `status-running`, `status-completed`, `status-stopped`, `status-failed`. */
  statusPrefix: 'status-',
  /** The run is alive (its lock names a live process): it can be stopped. */
  live: 'live',
  /** Stopped or failed with a `last` checkpoint, and not alive: it can be resumed. */
  resumable: 'resumable',
  /** It has an app_state.json: it can be re-run, with the debugger too. */
  rerunnable: 'rerunnable',
  /** It has at least one checkpoint: it can be evaluated and exported. */
  hasCheckpoints: 'has-checkpoints',
  /** It has evaluation/report.html: it can be opened. */
  hasReport: 'has-report',
  checkpoint: 'checkpoint',
  bestCheckpoint: 'best',
  lastCheckpoint: 'last',
  exportFile: 'export',
  file: 'file',
  group: 'group',
} as const;

export const STATUS_BAR_ID = 'trainStudio.run';
