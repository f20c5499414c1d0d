export type { ConfigCheck, ConfigCheckOptions } from './checkConfig';
export { checkConfigFile, checkConfigText } from './checkConfig';
export { builtinFrameworkDir } from './frameworkFolder';
