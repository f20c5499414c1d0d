import type { CardId } from '../../src/core/panel/views';
import { createArtifactsCard } from './artifacts';
import { createClassesCard } from './classes';
import { createCompareCard } from './compare';
import type { CardModule } from './context';
import { createEvaluationCard } from './evaluation';
import { createHyperparametersCard } from './hyperparameters';
import { createModelCard } from './model';
import { createOptionsCard } from './options';
import { createProjectCard } from './project';
import { createRunCard } from './run';
import { createSplitCard } from './split';

export const CARD_TITLES: Readonly<Record<CardId, string>> = {
  project: 'Project',
  split: 'Train/val split',
  classes: 'Classes',
  model: 'Model',
  hyperparameters: 'Hyperparameters',
  options: 'Options',
  run: 'Run',
  artifacts: 'Artifacts',
  evaluation: 'Evaluation',
  compare: 'Compare',
};

export const CARD_MODULES: Readonly<Record<CardId, CardModule>> = {
  project: createProjectCard,
  split: createSplitCard,
  classes: createClassesCard,
  model: createModelCard,
  hyperparameters: createHyperparametersCard,
  options: createOptionsCard,
  run: createRunCard,
  artifacts: createArtifactsCard,
  evaluation: createEvaluationCard,
  compare: createCompareCard,
};
