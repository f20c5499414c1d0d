import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_KINDS, SPLIT_METHODS, UNTAGGED_ACTIONS } from '../../../../core/names';
import { ExperimentName, TrainValSplitSettings } from '../../../../core/schemas';
import { SplitError, splitItems } from '../../../../data/splits';
import { describeFsError } from '../../../../data/readers/files';
import { checkConfigText } from '../../../../trainapp/configFiles';
import type { DatasetFolder } from '../../pick/datasetFolders';
import { UserError } from '../../userError';
import type { ModelOption } from './modelOptions';
import type { ProjectFacts } from './projectFacts';
import { readProjectFacts } from './projectFacts';

// The steps of New Training Run, without VS Code: each step is what to show (choices or an input) and what
// an answer makes of the answers so far, or why it is refused. A QuickPick driver shows them one by one;
// the unit tests answer them directly.

export interface Choice {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** Selected at first (many) or focused (one). */
  readonly picked?: boolean;
  /** Choices under the same heading follow each other; a heading shows where the group changes. */
  readonly group?: string;
}

export type Outcome = { readonly answers: NewRunAnswers } | { readonly error: string };

interface StepBase {
  readonly title: string;
}

export interface PickStep extends StepBase {
  readonly kind: 'pick';
  readonly placeholder: string;
  readonly choices: readonly Choice[];
  readonly canPickMany: boolean;
  /** Offers a folder picker besides the choices. */
  readonly browse?: { readonly label: string; accept(dir: string): Outcome };
  /** Indexes into `choices`. */
  accept(picked: readonly number[]): Outcome;
}

export interface InputStep extends StepBase {
  readonly kind: 'input';
  readonly prompt: string;
  readonly value: string;
  /** A message while the text cannot be accepted, checked as the user types. */
  validate(text: string): string | undefined;
  accept(text: string): Outcome;
}

export type Step = PickStep | InputStep;

export type SplitChoice =
  typeof SPLIT_METHODS.random | typeof SPLIT_METHODS.datasets | typeof SPLIT_METHODS.tags;

export interface HyperparametersChoice {
  /** Absent for the framework's defaults. */
  readonly file?: string;
  /** YAML; empty for the framework's defaults. */
  readonly text: string;
}

export interface NewRunAnswers {
  readonly project?: ProjectFacts;
  readonly model?: ModelOption;
  readonly classes?: readonly string[];
  readonly splitMethod?: SplitChoice;
  readonly percent?: number;
  readonly trainTag?: string;
  /** Complete, and tried on the project: neither side is empty. */
  readonly split?: TrainValSplitSettings;
  readonly hyperparameters?: HyperparametersChoice;
  /** Empty: the trainer names the experiment after its folder. */
  readonly experimentName?: string;
  readonly start?: boolean;
}

export interface NewRunEnvironment {
  readonly datasets: readonly DatasetFolder[];
  readonly models: readonly ModelOption[];
  /** Absolute paths of the workspace's hyperparameters*.yaml files. */
  readonly hyperparameterFiles: readonly string[];
  readonly builtinFrameworkDir: string;
  /** How a path is shown: relative to the workspace. */
  readonly label: (file: string) => string;
}

export const TITLE = 'New Training Run';
const DEFAULT_PERCENT = 80;
const DEFAULT_SEED = 42;

const ok = (answers: NewRunAnswers): Outcome => ({ answers });

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`New Training Run: the ${what} step was skipped.`);
  return value;
}

/** The first problem zod finds with a split's settings, or undefined. */
function splitProblem(candidate: unknown): string | undefined {
  const parsed = TrainValSplitSettings.safeParse(candidate);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'not valid');
}

function acceptProject(answers: NewRunAnswers, dir: string): Outcome {
  if (answers.project?.dir === path.resolve(dir)) return ok(answers);
  try {
    const project = readProjectFacts(dir);
    // Classes and split belong to the project they were chosen for.
    return ok({
      ...answers,
      project,
      classes: undefined,
      splitMethod: undefined,
      percent: undefined,
      trainTag: undefined,
      split: undefined,
    });
  } catch (error) {
    if (error instanceof UserError) return { error: `${error.message} ${error.hint}` };
    throw error;
  }
}

function projectStep(answers: NewRunAnswers, env: NewRunEnvironment): PickStep {
  return {
    kind: 'pick',
    title: `${TITLE}: dataset`,
    placeholder:
      env.datasets.length > 0
        ? 'The dataset to train on'
        : 'No dataset found in the workspace: browse for one',
    canPickMany: false,
    choices: env.datasets.map((dataset) => ({
      label: path.basename(dataset.dir),
      description: dataset.format,
      detail: env.label(dataset.dir),
      picked: dataset.dir === answers.project?.dir,
    })),
    browse: { label: 'Browse…', accept: (dir) => acceptProject(answers, dir) },
    accept: ([index]) => acceptProject(answers, required(env.datasets[index ?? -1], 'dataset').dir),
  };
}

function modelChoice(option: ModelOption, env: NewRunEnvironment, picked: boolean): Choice {
  if (option.source === 'pretrained') {
    return {
      label: option.name,
      description: [option.task, option.params && `${option.params} parameters`].filter(Boolean).join(' · '),
      ...(option.description === undefined ? {} : { detail: option.description }),
      picked,
      group: 'Pretrained models',
    };
  }
  return {
    label: `${option.experimentName}: ${option.checkpoint}`,
    description: [option.model, option.task, option.best ? 'best' : undefined].filter(Boolean).join(' · '),
    detail: env.label(option.experimentDir),
    picked,
    group: 'Custom models: checkpoints of earlier experiments',
  };
}

function modelStep(answers: NewRunAnswers, env: NewRunEnvironment): PickStep {
  return {
    kind: 'pick',
    title: `${TITLE}: model`,
    placeholder: 'The model to train, or a checkpoint to fine-tune',
    canPickMany: false,
    choices: env.models.map((option) => modelChoice(option, env, option === answers.model)),
    accept: ([index]) => ok({ ...answers, model: required(env.models[index ?? -1], 'model') }),
  };
}

function classesStep(answers: NewRunAnswers): PickStep {
  const { classes } = required(answers.project, 'dataset');
  return {
    kind: 'pick',
    title: `${TITLE}: classes`,
    placeholder: 'The classes to train on (all by default)',
    canPickMany: true,
    choices: classes.map((summary) => ({
      label: summary.title,
      description: [
        summary.shape,
        summary.objects > 0
          ? `${String(summary.objects)} objects in ${String(summary.images)} images`
          : `${String(summary.images)} images`,
      ].join(' · '),
      picked: answers.classes?.includes(summary.title) ?? true,
    })),
    accept: (picked) => {
      const titles = picked.flatMap((index) => classes[index]?.title ?? []);
      return titles.length === 0
        ? { error: 'Pick at least one class to train on.' }
        : ok({ ...answers, classes: titles });
    },
  };
}

const SPLIT_CHOICES: Readonly<Record<SplitChoice, Choice>> = {
  random: { label: 'Random', detail: 'A seeded random share of the images trains; the rest validates.' },
  datasets: { label: 'By datasets', detail: 'Whole datasets go to train or to val.' },
  tags: { label: 'By tags', detail: 'Images with one tag train; images with another validate.' },
};

/** Random always; by datasets with two datasets or more; by tags with two image tags or more. */
export function supportedSplits(project: ProjectFacts): SplitChoice[] {
  return [
    SPLIT_METHODS.random,
    ...(project.datasets.length >= 2 ? [SPLIT_METHODS.datasets] : []),
    ...(project.imageTags.length >= 2 ? [SPLIT_METHODS.tags] : []),
  ];
}

function splitMethodStep(answers: NewRunAnswers): PickStep {
  const methods = supportedSplits(required(answers.project, 'dataset'));
  return {
    kind: 'pick',
    title: `${TITLE}: train/val split`,
    placeholder: 'How the images are divided into train and val',
    canPickMany: false,
    choices: methods.map((method) => ({ ...SPLIT_CHOICES[method], picked: method === answers.splitMethod })),
    accept: ([index]) => {
      const method = required(methods[index ?? -1], 'split');
      return ok(
        method === answers.splitMethod ? answers : { ...answers, splitMethod: method, split: undefined },
      );
    },
  };
}

/** Tries the split on the project, so that a side that would be empty is refused here, not at the run. */
function acceptSplit(answers: NewRunAnswers, candidate: unknown): Outcome {
  const settings = TrainValSplitSettings.parse(candidate);
  const project = required(answers.project, 'dataset');
  try {
    splitItems(project.index, settings, { baseDir: project.dir });
  } catch (error) {
    if (error instanceof SplitError) return { error: error.message };
    throw error;
  }
  return ok({ ...answers, split: settings });
}

const previous = <Method extends SplitChoice>(answers: NewRunAnswers, method: Method) =>
  answers.split?.method === method
    ? (answers.split as Extract<TrainValSplitSettings, { method: Method }>)
    : undefined;

function percentStep(answers: NewRunAnswers): InputStep {
  const validate = (text: string): string | undefined =>
    text.trim() === '' || Number.isNaN(Number(text))
      ? 'Type a number, such as 80.'
      : splitProblem({ method: SPLIT_METHODS.random, percent: Number(text) });
  return {
    kind: 'input',
    title: `${TITLE}: random split`,
    prompt: 'The share of the images that trains, in percent; the rest validates.',
    value: String(answers.percent ?? DEFAULT_PERCENT),
    validate,
    accept: (text) => {
      const error = validate(text);
      return error === undefined ? ok({ ...answers, percent: Number(text) }) : { error };
    },
  };
}

function seedStep(answers: NewRunAnswers): InputStep {
  const percent = required(answers.percent, 'percent');
  const candidate = (text: string) => ({ method: SPLIT_METHODS.random, percent, seed: Number(text) });
  const validate = (text: string): string | undefined =>
    /^\s*\d+\s*$/.test(text) ? splitProblem(candidate(text)) : 'Type a whole number, such as 42.';
  return {
    kind: 'input',
    title: `${TITLE}: random split`,
    prompt: 'The seed of the shuffle: the same seed gives the same split.',
    value: String(previous(answers, SPLIT_METHODS.random)?.seed ?? DEFAULT_SEED),
    validate,
    accept: (text) => {
      const error = validate(text);
      return error === undefined ? acceptSplit(answers, candidate(text)) : { error };
    },
  };
}

/** The datasets left for train: those not picked for val, nor inside one that was, nor inside another left. */
function trainDatasetsBeside(all: readonly string[], val: readonly string[]): string[] {
  const within = (dataset: string, parent: string) => dataset.startsWith(`${parent}/`);
  const rest = all.filter((dataset) => !val.some((name) => name === dataset || within(dataset, name)));
  return rest.filter((dataset) => !rest.some((other) => within(dataset, other)));
}

function valDatasetsStep(answers: NewRunAnswers): PickStep {
  const { datasets } = required(answers.project, 'dataset');
  const before = previous(answers, SPLIT_METHODS.datasets)?.val_datasets;
  const names = datasets.map((dataset) => dataset.name);
  return {
    kind: 'pick',
    title: `${TITLE}: split by datasets`,
    placeholder: 'The datasets that validate; the others train',
    canPickMany: true,
    choices: datasets.map((dataset) => ({
      label: dataset.name,
      description: `${String(dataset.images)} images`,
      picked: before?.includes(dataset.name) ?? false,
    })),
    accept: (picked) => {
      const val = picked.flatMap((index) => names[index] ?? []);
      const train = trainDatasetsBeside(names, val);
      if (val.length === 0) return { error: 'Pick at least one dataset to validate on.' };
      if (train.length === 0) return { error: 'Leave at least one dataset to train on.' };
      return acceptSplit(answers, {
        method: SPLIT_METHODS.datasets,
        train_datasets: train,
        val_datasets: val,
      });
    },
  };
}

function trainTagStep(answers: NewRunAnswers): PickStep {
  const tags = required(answers.project, 'dataset').imageTags;
  const before = answers.trainTag ?? previous(answers, SPLIT_METHODS.tags)?.train_tag;
  return {
    kind: 'pick',
    title: `${TITLE}: split by tags`,
    placeholder: 'The tag of the images that train',
    canPickMany: false,
    choices: tags.map((tag) => ({ label: tag, picked: tag === before })),
    accept: ([index]) => ok({ ...answers, trainTag: required(tags[index ?? -1], 'train tag') }),
  };
}

function valTagStep(answers: NewRunAnswers): PickStep {
  const trainTag = required(answers.trainTag, 'train tag');
  const tags = required(answers.project, 'dataset').imageTags.filter((tag) => tag !== trainTag);
  const before = previous(answers, SPLIT_METHODS.tags)?.val_tag;
  return {
    kind: 'pick',
    title: `${TITLE}: split by tags`,
    placeholder: `The tag of the images that validate (images with neither tag are left out)`,
    canPickMany: false,
    choices: tags.map((tag) => ({ label: tag, picked: tag === before })),
    accept: ([index]) =>
      acceptSplit(answers, {
        method: SPLIT_METHODS.tags,
        train_tag: trainTag,
        val_tag: required(tags[index ?? -1], 'val tag'),
        untagged_action: UNTAGGED_ACTIONS.ignore,
      }),
  };
}

function acceptHyperparameters(answers: NewRunAnswers, file: string, env: NewRunEnvironment): Outcome {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { error: `Cannot read ${env.label(file)}: ${describeFsError(error)}.` };
  }
  // The same checks as the editor's, on the very text the app_state will hold.
  const check = checkConfigText(file, text, {
    kind: CONFIG_KINDS.hyperparameters,
    hyperparameters: 'builtin',
    builtinFrameworkDir: env.builtinFrameworkDir,
  });
  const problem = check.findings.find((finding) => finding.severity === 'error');
  if (problem) {
    const { line, character } = problem.range.start;
    return {
      error: `${env.label(file)}:${String(line + 1)}:${String(character + 1)}: ${problem.message} Fix the file, or pick another.`,
    };
  }
  return ok({ ...answers, hyperparameters: { file, text } });
}

function hyperparametersStep(answers: NewRunAnswers, env: NewRunEnvironment): PickStep {
  const files = env.hyperparameterFiles;
  const chosen = answers.hyperparameters?.file;
  return {
    kind: 'pick',
    title: `${TITLE}: hyperparameters`,
    placeholder: "The hyperparameters: the framework's defaults, or a file of the workspace",
    canPickMany: false,
    choices: [
      {
        label: 'Framework defaults',
        detail: 'Every hyperparameter at its documented default.',
        picked: answers.hyperparameters !== undefined && chosen === undefined,
      },
      ...files.map((file) => ({
        label: path.basename(file),
        detail: env.label(file),
        picked: file === chosen,
      })),
    ],
    accept: ([index]) => {
      if (index === 0) return ok({ ...answers, hyperparameters: { text: '' } });
      return acceptHyperparameters(answers, required(files[(index ?? 0) - 1], 'hyperparameters'), env);
    },
  };
}

/** The model a run is named after: the models.json name, or the experiment a checkpoint comes from. */
const modelLabel = (model: ModelOption): string =>
  model.source === 'pretrained' ? model.name : `${model.experimentName}-${path.parse(model.checkpoint).name}`;

/** `<dataset>-<model>`, with the characters an experiment name may not hold replaced by `-`. */
export function defaultExperimentName(answers: NewRunAnswers): string {
  const project = path.basename(required(answers.project, 'dataset').dir);
  const name = `${project}-${modelLabel(required(answers.model, 'model'))}`
    .replace(/[\\/:*?"<>|\u0000-\u001f]/gu, '-')
    .slice(0, 100);
  return ExperimentName.safeParse(name).success ? name : 'experiment';
}

function nameStep(answers: NewRunAnswers): InputStep {
  const validate = (text: string): string | undefined => {
    if (text.trim() === '') return undefined;
    const parsed = ExperimentName.safeParse(text.trim());
    return parsed.success ? undefined : parsed.error.issues[0]?.message;
  };
  return {
    kind: 'input',
    title: `${TITLE}: experiment name`,
    prompt: "The experiment's name, shown in the Experiments view; empty: named after its folder.",
    value: answers.experimentName ?? defaultExperimentName(answers),
    validate,
    accept: (text) => {
      const error = validate(text);
      return error === undefined ? ok({ ...answers, experimentName: text.trim() }) : { error };
    },
  };
}

export const ACTIONS = { start: 'Start now', write: 'Only write the file' } as const;

function actionStep(answers: NewRunAnswers): PickStep {
  return {
    kind: 'pick',
    title: `${TITLE}: start`,
    placeholder: 'Start training now, or only write the app_state file',
    canPickMany: false,
    choices: [
      {
        label: ACTIONS.start,
        detail: 'Writes the app_state file, then trains in a terminal.',
        picked: answers.start !== false,
      },
      {
        label: ACTIONS.write,
        detail: 'Writes the app_state file and opens it; start it later.',
        picked: answers.start === false,
      },
    ],
    accept: ([index]) => ok({ ...answers, start: index === 0 }),
  };
}

/** A step by its name, built only when shown: a step needs the answers of the steps before it. */
export interface StepSlot {
  readonly id: string;
  build(): Step;
}

type StepBuilder = (answers: NewRunAnswers, env: NewRunEnvironment) => Step;

const SPLIT_STEPS: Readonly<Record<SplitChoice, Readonly<Record<string, StepBuilder>>>> = {
  random: { percent: percentStep, seed: seedStep },
  datasets: { valDatasets: valDatasetsStep },
  tags: { trainTag: trainTagStep, valTag: valTagStep },
};

/** The steps, in order, for the answers so far; how many depends on the split method chosen. */
export function newRunSteps(answers: NewRunAnswers, env: NewRunEnvironment): readonly StepSlot[] {
  const builders: Readonly<Record<string, StepBuilder>> = {
    project: projectStep,
    model: modelStep,
    classes: classesStep,
    split: splitMethodStep,
    ...SPLIT_STEPS[answers.splitMethod ?? SPLIT_METHODS.random],
    hyperparameters: hyperparametersStep,
    name: nameStep,
    action: actionStep,
  };
  return Object.entries(builders).map(([id, builder]) => ({ id, build: () => builder(answers, env) }));
}

/** Everything a finished New Training Run decided. */
export interface NewRunChoices {
  readonly project: ProjectFacts;
  readonly model: ModelOption;
  readonly classes: readonly string[];
  readonly split: TrainValSplitSettings;
  readonly hyperparameters: HyperparametersChoice;
  readonly experimentName: string;
  readonly start: boolean;
}

/** The choices once every step has been answered; throws when one was skipped (a bug of the driver). */
export function finishedChoices(answers: NewRunAnswers): NewRunChoices {
  return {
    project: required(answers.project, 'dataset'),
    model: required(answers.model, 'model'),
    classes: required(answers.classes, 'classes'),
    split: required(answers.split, 'split'),
    hyperparameters: required(answers.hyperparameters, 'hyperparameters'),
    experimentName: required(answers.experimentName, 'name'),
    start: required(answers.start, 'start'),
  };
}
