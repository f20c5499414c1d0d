import fs from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../../../data/readers/files';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { UserError } from '../userError';
import { substituteVariables } from './variables';
import type { LaunchVariables } from './variables';

// What a `trainstudio` launch configuration asks to run: a new training from an app_state.json, or the
// resumption of an experiment folder, with its path resolved and checked before the debugger starts.

export type LaunchTarget =
  | { readonly kind: 'train'; readonly appState: string }
  | { readonly kind: 'resume'; readonly experimentDir: string };

/** The attributes of a `trainstudio` configuration (package.json's configurationAttributes). */
export interface TrainStudioLaunchFields {
  readonly name?: unknown;
  readonly appState?: unknown;
  readonly resume?: unknown;
  readonly stopOnEntry?: unknown;
  readonly noDebug?: unknown;
}

function pathAttribute(
  fields: TrainStudioLaunchFields,
  attribute: 'appState' | 'resume',
  variables: LaunchVariables,
): string | undefined {
  const value = fields[attribute];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new UserError(
      `\`${attribute}\` in the launch configuration must be a path, not ${JSON.stringify(value)}.`,
      'Fix it in launch.json.',
    );
  }
  const substituted = substituteVariables(value.trim(), attribute, variables);
  if (path.isAbsolute(substituted)) return path.normalize(substituted);
  if (variables.workspaceFolder === undefined) {
    throw new UserError(
      `\`${attribute}\` in the launch configuration is the relative path ${substituted}, but the launch has no workspace folder to resolve it against.`,
      'Give an absolute path, or start with ${workspaceFolder}.',
    );
  }
  return path.resolve(variables.workspaceFolder, substituted);
}

/**
 * The configuration's target, its variables substituted and a relative path taken from the workspace
 * folder; undefined when it names neither (an empty configuration: F5 without a launch.json). `resume`
 * wins over `appState`: an experiment resumes with its own saved app_state.json.
 */
export function launchTargetOf(
  fields: TrainStudioLaunchFields,
  variables: LaunchVariables,
): LaunchTarget | undefined {
  const experimentDir = pathAttribute(fields, 'resume', variables);
  if (experimentDir !== undefined) return { kind: 'resume', experimentDir };
  const appState = pathAttribute(fields, 'appState', variables);
  return appState === undefined ? undefined : { kind: 'train', appState };
}

function readProblem(target: string): string | undefined {
  try {
    fs.accessSync(target, fs.constants.R_OK);
    return undefined;
  } catch (error) {
    return describeFsError(error);
  }
}

/** Throws a UserError naming the file or folder when the target is not there to run. */
export function checkLaunchTarget(target: LaunchTarget): void {
  if (target.kind === 'train') {
    const problem =
      readProblem(target.appState) ??
      (fs.statSync(target.appState).isFile() ? undefined : 'it is a folder, not a file');
    if (problem === undefined) return;
    throw new UserError(
      `Cannot debug training from ${target.appState}: ${problem}.`,
      'Fix `appState` in the launch configuration, or pick an app_state.json from the list in Run and Debug.',
    );
  }
  const infoProblem = readProblem(path.join(target.experimentDir, EXPERIMENT_FILES.info));
  const problem =
    readProblem(target.experimentDir) ??
    (infoProblem === undefined ? undefined : `its ${EXPERIMENT_FILES.info} cannot be read (${infoProblem})`);
  if (problem === undefined) return;
  throw new UserError(
    `Cannot resume ${target.experimentDir} under the debugger: ${problem}.`,
    'Fix `resume` in the launch configuration: it names an experiment folder, such as experiments/<project>/<run>.',
  );
}
