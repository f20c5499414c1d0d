import { CONFIG_KINDS } from '../names';
import type { ConfigKind } from '../names';

// Which config file a file name is, and the syntax each kind is written in (FORMATS §3–7).

export type ConfigSyntax = 'json' | 'yaml';

export const SYNTAX_OF: Readonly<Record<ConfigKind, ConfigSyntax>> = {
  [CONFIG_KINDS.models]: 'json',
  [CONFIG_KINDS.appOptions]: 'yaml',
  [CONFIG_KINDS.hyperparameters]: 'yaml',
  [CONFIG_KINDS.appState]: 'json',
  [CONFIG_KINDS.experimentInfo]: 'json',
};

const FILE_NAMES: readonly (readonly [RegExp, ConfigKind])[] = [
  [/^models\.json$/, CONFIG_KINDS.models],
  [/^app_options\.ya?ml$/, CONFIG_KINDS.appOptions],
  // A framework may keep several variants side by side, such as hyperparameters_small.yaml.
  [/^hyperparameters.*\.ya?ml$/, CONFIG_KINDS.hyperparameters],
  // Several runs' settings may sit side by side, such as detector.app_state.json.
  [/^(.+\.)?app_state\.json$/, CONFIG_KINDS.appState],
  [/^experiment_info\.json$/, CONFIG_KINDS.experimentInfo],
];

/** The kind of a config file by its base name (a path is cut to its last segment), case-sensitive. */
export function kindFromFileName(fileName: string): ConfigKind | undefined {
  const baseName = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return FILE_NAMES.find(([pattern]) => pattern.test(baseName))?.[1];
}

/** What an empty file of this kind would have to hold, for the "empty" finding. */
export const EXPECTED_CONTENT: Readonly<Record<ConfigKind, string>> = {
  [CONFIG_KINDS.models]: 'a JSON list of models, such as [{"Model": "…", "meta": {…}}]',
  [CONFIG_KINDS.appOptions]: 'options as `key: value` lines',
  [CONFIG_KINDS.hyperparameters]: 'hyperparameters as `key: value` lines',
  [CONFIG_KINDS.appState]:
    'a JSON object with the run’s configuration, such as {"input": {"project": "…"}, …}',
  [CONFIG_KINDS.experimentInfo]: 'a JSON object describing the experiment',
};
