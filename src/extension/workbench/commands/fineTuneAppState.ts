import fs from 'node:fs';
import path from 'node:path';
import { MODEL_SOURCES } from '../../../core/names';
import { AppState, ExperimentName } from '../../../core/schemas';
import type { ExperimentInfo } from '../../../core/schemas';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { rebaseAppState } from '../../../trainapp/experiments/rebaseAppState';
import { UserError } from '../userError';
import { posixRelative } from '../../../data/paths';

// Fine-tune from a checkpoint: a new run with the experiment's own settings (its app_state.json copy),
// starting from that checkpoint as a "Custom models" model. The file goes beside the experiment's dataset
// folder, as `<experiment name>.finetune.app_state.json`, with paths relative to itself; when that folder
// is outside the workspace (a dataset elsewhere on the disk), it goes into the experiment's workspace folder.

export interface FineTuneFile {
  /** Absolute. */
  readonly file: string;
  readonly appState: AppState;
}

/** Where the new file may go. */
export interface FineTuneTarget {
  /** Whether a file may be written there (the workspace folders and the experiments folders). */
  readonly allowed: (file: string) => boolean;
  /** The workspace folder of the experiment: where the file goes when beside the dataset is not allowed. */
  readonly workspaceFolder: string | undefined;
}

const SUFFIX = '-finetune';

function readExperimentAppState(experimentDir: string): AppState {
  const file = path.join(experimentDir, EXPERIMENT_FILES.appState);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(
      `Cannot read the experiment's settings ${file}: ${error instanceof Error ? error.message : String(error)}.`,
      'Fine-tuning starts from them; restore the file, or start a New Training Run with "Custom models".',
    );
  }
  const parsed = AppState.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(
    `The experiment's settings ${file} are not valid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}.`,
    'Fix the file (the editor shows the problem), or start a New Training Run with "Custom models".',
  );
}

/** The experiment name of the fine-tuned run: the original's with a suffix, kept a valid name. */
function fineTunedName(name: string): string {
  const candidate = `${name.slice(0, 100 - SUFFIX.length)}${SUFFIX}`;
  return ExperimentName.safeParse(candidate).success ? candidate : `experiment${SUFFIX}`;
}

export function fineTuneAppState(
  experimentDir: string,
  info: ExperimentInfo,
  checkpoint: string,
  target: FineTuneTarget,
): FineTuneFile {
  const original = readExperimentAppState(experimentDir);
  const name = `${info.experiment_name}.finetune.app_state.json`;
  const besideProject = path.dirname(path.resolve(experimentDir, original.input.project));
  const dir = [besideProject, target.workspaceFolder].find(
    (candidate) => candidate !== undefined && target.allowed(path.join(candidate, name)),
  );
  if (dir === undefined) {
    throw new UserError(
      `Refused to write ${path.join(besideProject, name)}: it is outside the workspace folders and the experiments folders.`,
      'Open the folder of the experiment (or of its dataset) as a workspace folder, then fine-tune again.',
    );
  }
  const rebased = rebaseAppState(original, experimentDir, dir);
  const appState = AppState.parse({
    ...rebased,
    model: { source: MODEL_SOURCES.custom, experiment: posixRelative(dir, experimentDir), checkpoint },
    experiment_name: fineTunedName(info.experiment_name),
  });
  return { file: path.join(dir, name), appState };
}
