import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../data/atomicWrite';
import { describeFsError } from '../../../data/readers/files';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { UserError } from '../userError';

// Create Sample Training Setup: the bundled sample (samples/ in the extension: the `shapes` dataset, its
// app_state.json and hyperparameters.yaml) copied into a folder of its own in the workspace, with an
// app_options.yaml beside them. The app_state names the dataset relative to itself, so it trains as it is.

export const SAMPLE_FOLDER = 'train-studio-sample';
const SAMPLE_DATASET = 'shapes';
const APP_OPTIONS = 'app_options.yaml';

/** The panel options of the built-in framework, spelled out so that the file shows what can be changed. */
const APP_OPTIONS_TEXT = `# Which parts of the Train Studio panel show, and what they offer (every key is optional).
model_selector:
  default_model: CenterNet-S
train_val_splits_selector:
  methods: [random, tags, datasets, collections]
model_benchmark: true
show_logs_in_gui: true
train_logger: tensorboard
export_onnx_supported: false
export_tensorrt_supported: false
`;

export interface SampleSetup {
  /** Absolute: the new folder. */
  readonly dir: string;
  readonly appState: string;
  readonly hyperparameters: string;
  readonly appOptions: string;
}

function isAlreadyThere(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}

/** Creates the first free train-studio-sample, -2, -3, … (an exclusive mkdir: never someone else's folder). */
function claimFolder(parent: string): string {
  for (let attempt = 1; ; attempt++) {
    const dir = path.join(parent, attempt === 1 ? SAMPLE_FOLDER : `${SAMPLE_FOLDER}-${String(attempt)}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (error) {
      if (!isAlreadyThere(error)) {
        throw new UserError(
          `Cannot create a folder in ${parent}: ${describeFsError(error)}.`,
          'The sample setup goes into the first workspace folder: check that it is writable.',
        );
      }
    }
  }
}

/** `bundledDir` is the extension's samples/ folder; `workspaceDir` the workspace folder it goes into. */
export async function writeSampleSetup(bundledDir: string, workspaceDir: string): Promise<SampleSetup> {
  const bundled = (name: string) => path.join(bundledDir, name);
  const sources = [SAMPLE_DATASET, EXPERIMENT_FILES.appState, EXPERIMENT_FILES.hyperparameters].map(bundled);
  const missing = sources.find((source) => !fs.existsSync(source));
  if (missing !== undefined) {
    throw new UserError(
      `The bundled sample is incomplete: ${missing} is missing.`,
      'Reinstall the Train Studio extension.',
    );
  }
  const dir = claimFolder(workspaceDir);
  const setup: SampleSetup = {
    dir,
    appState: path.join(dir, EXPERIMENT_FILES.appState),
    hyperparameters: path.join(dir, EXPERIMENT_FILES.hyperparameters),
    appOptions: path.join(dir, APP_OPTIONS),
  };
  try {
    await fs.promises.cp(bundled(SAMPLE_DATASET), path.join(dir, SAMPLE_DATASET), {
      recursive: true,
      errorOnExist: true,
      force: false,
    });
    await fs.promises.copyFile(
      bundled(EXPERIMENT_FILES.appState),
      setup.appState,
      fs.constants.COPYFILE_EXCL,
    );
    await fs.promises.copyFile(
      bundled(EXPERIMENT_FILES.hyperparameters),
      setup.hyperparameters,
      fs.constants.COPYFILE_EXCL,
    );
    writeFileAtomic(setup.appOptions, APP_OPTIONS_TEXT);
  } catch (error) {
    throw new UserError(
      `Cannot write the sample setup into ${dir}: ${describeFsError(error)}.`,
      'Check that the workspace folder is writable and has space, then delete the partial folder and try again.',
    );
  }
  return setup;
}
