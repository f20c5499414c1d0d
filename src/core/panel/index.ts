export * from './messages';
export * from './views';
export * from './cards';
export * from './metricPoints';
