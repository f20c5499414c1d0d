import path from 'node:path';
import { isInsideFolder, posixRelative } from '../../../data/paths';
import { writeRequestAppState } from '../runs/appStateFromRequest';
import type { TrainerLaunch, TrainStudioTaskDefinition } from '../runs/types';
import { UserError } from '../userError';
import { classifyTaskDefinition, definitionHash } from './definition';
import type { TaskPlan } from './definition';

// What a task runs: `train --app-state <file>` (an inline run's file written first) or `resume <folder>`,
// in the workspace folder, with the experiments folder of the settings.

export interface TaskPlace {
  /** The workspace folder: the CLI runs in it and relative paths start from it. */
  readonly folder: string;
  /** Absolute (settings.experimentsDir). */
  readonly experimentsDir: string;
  /** Where inline runs' app_state files go: the extension's storage. */
  readonly storageDir: string;
  readonly label: string;
}

/** The definition cannot run as written; the terminal says why and the task exits 2, as bad usage does. */
export class TaskDefinitionError extends UserError {
  constructor(
    problem: string,
    hint = 'Fix the task in tasks.json (or the call that made it) and run it again.',
  ) {
    super(problem, hint);
    this.name = 'TaskDefinitionError';
  }
}

/**
 * A path as a task definition and a task's command line write it: relative to the workspace folder with
 * forward slashes when inside it (short, and the same task on every OS), else absolute. A relative `file`
 * starts from `folder`.
 */
export function taskPathOf(folder: string, file: string): string {
  const absolute = path.resolve(folder, file);
  return isInsideFolder(absolute, folder) ? posixRelative(folder, absolute) : absolute;
}

function argsFor(plan: TaskPlan, definition: TrainStudioTaskDefinition, place: TaskPlace): string[] {
  const experiments = ['--experiments', taskPathOf(place.folder, place.experimentsDir)];
  switch (plan.kind) {
    case 'appState':
      return ['train', '--app-state', taskPathOf(place.folder, plan.appState), ...experiments];
    case 'resume':
      return ['resume', taskPathOf(place.folder, plan.experimentDir)];
    case 'inline': {
      const file = path.join(place.storageDir, 'tasks', `${definitionHash(definition)}.app_state.json`);
      try {
        writeRequestAppState(plan.request, place.folder, file);
      } catch (error) {
        if (error instanceof UserError) throw new TaskDefinitionError(error.message, error.hint);
        throw error;
      }
      return ['train', '--app-state', file, ...experiments];
    }
  }
}

/** Throws a TaskDefinitionError for a definition that cannot run as written: the task exits 2. */
export function taskLaunch(definition: TrainStudioTaskDefinition, place: TaskPlace): TrainerLaunch {
  const classified = classifyTaskDefinition(definition);
  if (!classified.ok) throw new TaskDefinitionError(classified.problem);
  return { args: argsFor(classified.plan, definition, place), cwd: place.folder, label: place.label };
}
