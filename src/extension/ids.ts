// Identifiers that the manifest (package.json) declares; a unit test checks the two agree.
export const EXTENSION_ID = 'train-studio.train-studio';
export const OUTPUT_CHANNEL_NAME = 'Train Studio';

export const COMMANDS = {
  showOutput: 'trainStudio.showOutput',
} as const;

export const VIEWS = {
  container: 'trainStudio',
  experiments: 'trainStudio.experiments',
} as const;
