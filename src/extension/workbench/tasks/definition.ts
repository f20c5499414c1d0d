import { createHash } from 'node:crypto';
import type { RunRequest } from '../runs/appStateFromRequest';
import type { TrainStudioTaskDefinition } from '../runs/types';

// A `trainstudio` task names exactly one of: an app_state.json to train, an experiment folder to resume, or
// an inline run (project and model, with classes and hyperparameters if wanted). tasks.json is the user's
// writing, so each field's type is checked here and a wrong one is named.

export type TaskPlan =
  | { readonly kind: 'appState'; readonly appState: string }
  | { readonly kind: 'resume'; readonly experimentDir: string }
  | { readonly kind: 'inline'; readonly request: RunRequest };

export type Classified =
  { readonly ok: true; readonly plan: TaskPlan } | { readonly ok: false; readonly problem: string };

const INLINE_FIELDS = ['project', 'model', 'classes', 'hyperparameters'] as const;

const SHAPES =
  'Give `appState` (an app_state.json), `resume` (an experiment folder), or an inline run: `project` and `model`, with `classes` and `hyperparameters` if wanted.';

type Fields = Readonly<Record<string, unknown>>;

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** The first field whose type is wrong, described; undefined when all are right. */
function wrongField(fields: Fields): string | undefined {
  for (const name of ['appState', 'resume', 'project', 'model'] as const) {
    if (fields[name] !== undefined && !isNonEmptyString(fields[name]))
      return `\`${name}\` must be a non-empty string`;
  }
  const { classes, hyperparameters } = fields;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every(isNonEmptyString))) {
    return '`classes` must be a list of class names';
  }
  if (
    hyperparameters !== undefined &&
    typeof hyperparameters !== 'string' &&
    (typeof hyperparameters !== 'object' || hyperparameters === null || Array.isArray(hyperparameters))
  ) {
    return '`hyperparameters` must be YAML text, a .yaml path, or an object of values';
  }
  return undefined;
}

export function classifyTaskDefinition(definition: TrainStudioTaskDefinition): Classified {
  const fields: Fields = definition;
  const wrong = wrongField(fields);
  if (wrong) return { ok: false, problem: `This trainstudio task is not valid: ${wrong}.` };
  const inline = INLINE_FIELDS.filter((name) => fields[name] !== undefined);
  const given = [
    ...(definition.appState === undefined ? [] : ['`appState`']),
    ...(definition.resume === undefined ? [] : ['`resume`']),
    ...(inline.length === 0 ? [] : [inline.map((name) => `\`${name}\``).join(', ')]),
  ];
  if (given.length === 0)
    return { ok: false, problem: `This trainstudio task says nothing to run. ${SHAPES}` };
  if (given.length > 1) {
    return {
      ok: false,
      problem: `This trainstudio task gives ${given.join(' and ')}: it must be one kind of run. ${SHAPES}`,
    };
  }
  if (definition.appState !== undefined)
    return { ok: true, plan: { kind: 'appState', appState: definition.appState } };
  if (definition.resume !== undefined)
    return { ok: true, plan: { kind: 'resume', experimentDir: definition.resume } };
  const { project, model, classes, hyperparameters } = definition;
  if (project === undefined || model === undefined) {
    const missing = project === undefined ? 'project' : 'model';
    return { ok: false, problem: `This inline trainstudio task has no \`${missing}\`. ${SHAPES}` };
  }
  return {
    ok: true,
    plan: {
      kind: 'inline',
      request: {
        project,
        model,
        ...(classes === undefined ? {} : { classes }),
        ...(hyperparameters === undefined ? {} : { hyperparameters }),
      },
    },
  };
}

/** The name a task gets when it is built from a definition alone (runTask, resolveTask without a label). */
export function taskNameOf(definition: TrainStudioTaskDefinition): string {
  const classified = classifyTaskDefinition(definition);
  if (!classified.ok) return 'trainstudio';
  const { plan } = classified;
  if (plan.kind === 'appState') return plan.appState;
  if (plan.kind === 'resume') return `resume ${plan.experimentDir}`;
  return `${typeof plan.request.model === 'string' ? plan.request.model : 'checkpoint'} on ${plan.request.project}`;
}

/** Key order does not matter: `{a, b}` and `{b, a}` are the same definition. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => [key, canonical(entry)]),
  );
}

/** Names an inline task's app_state file: the same definition always writes the same file. */
export const definitionHash = (definition: TrainStudioTaskDefinition): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(definition)))
    .digest('hex')
    .slice(0, 16);
