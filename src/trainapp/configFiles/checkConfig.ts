import fs from 'node:fs';
import path from 'node:path';
import type { Finding, HyperparametersOwner } from '../../core/config';
import {
  byPosition,
  MAX_CONFIG_TEXT_LENGTH,
  decodeConfigBytes,
  kindFromFileName,
  parseConfig,
  validateConfig,
} from '../../core/config';
import type { ConfigKind } from '../../core/names';
import { describeFsError, isMissing } from '../../data/readers/files';
import type { FileCheckOptions } from './fileChecks';
import { checkFiles } from './fileChecks';

// One entry point for the CLI and the editor: the pure validation of src/core/config, then the checks
// that need the file system. Both surfaces therefore report exactly the same findings.

export interface ConfigCheckOptions extends FileCheckOptions {
  /** Forces the kind of a file whose name does not tell it. */
  readonly kind?: ConfigKind;
  /** Whose hyperparameters a hyperparameters file holds; `auto` decides from its keys. */
  readonly hyperparameters?: HyperparametersOwner;
}

export type ConfigCheck =
  | { readonly kind: ConfigKind; readonly findings: readonly Finding[] }
  | { readonly kind: undefined; readonly findings: readonly [] };

const START = { line: 0, character: 0 };

/** Checks a config file's text as an editor holds it; the file need not be saved. */
export function checkConfigText(
  filePath: string,
  text: string,
  options: ConfigCheckOptions = {},
): ConfigCheck {
  const kind = options.kind ?? kindFromFileName(path.basename(filePath));
  if (!kind) return { kind: undefined, findings: [] };
  const document = parseConfig(kind, text);
  const { findings } = validateConfig(document, { hyperparameters: options.hyperparameters });
  const fileFindings = checkFiles(document, document.value, filePath, options);
  return { kind, findings: [...findings, ...fileFindings].sort(byPosition) };
}

function singleFinding(kind: ConfigKind, finding: Finding): ConfigCheck {
  return { kind, findings: [finding] };
}

/** Reads a config file from disk and checks it; unreadable, binary or huge files give one finding. */
export function checkConfigFile(filePath: string, options: ConfigCheckOptions = {}): ConfigCheck {
  const kind = options.kind ?? kindFromFileName(path.basename(filePath));
  if (!kind) return { kind: undefined, findings: [] };
  const range = { start: START, end: START };
  const unreadable = (message: string) =>
    singleFinding(kind, { severity: 'error', range, message, code: 'unreadable', fixes: [] });
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(filePath, { throwIfNoEntry: false });
  } catch (error) {
    // A path through a file (ENOTDIR) or a folder we may not enter (EACCES): not a crash, a finding.
    return unreadable(
      isMissing(error) ? 'The file does not exist.' : `The file cannot be read: ${describeFsError(error)}.`,
    );
  }
  if (!stat?.isFile()) return unreadable(stat ? 'This is not a file.' : 'The file does not exist.');
  // UTF-8 takes at most 4 bytes a character, so a file this large cannot be under the text limit.
  if (stat.size > MAX_CONFIG_TEXT_LENGTH * 4) {
    const megabytes = (stat.size / 1e6).toFixed(1);
    const message = `Not validated: the file is ${megabytes} MB, over the ${String(MAX_CONFIG_TEXT_LENGTH / 1e6)} million character limit for config files.`;
    return singleFinding(kind, { severity: 'information', range, message, code: 'too-large', fixes: [] });
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    return unreadable(`The file cannot be read: ${describeFsError(error)}.`);
  }
  const decoded = decodeConfigBytes(bytes);
  if (!decoded.ok) return singleFinding(kind, decoded.finding);
  return checkConfigText(filePath, decoded.text, options);
}
