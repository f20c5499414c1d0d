export * from './appOptions';
export * from './appState';
export * from './experiment';
export * from './hyperparameters';
export * from './modelsJson';
export * from './projectMeta';
export * from './experimentResult';
export * from './framework';
