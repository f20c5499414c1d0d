// The config-file validator: pure TypeScript shared by the editor, the CLI and the webview. Parsing,
// diagnostics, hover, completion and quick fixes for models.json, app_options.yaml, hyperparameters*.yaml,
// app_state.json and experiment_info.json.

export type { Finding, Fix, Position, Range, Severity, TextEdit } from './types';
export type { ConfigDocument } from './document';
export { parseConfig } from './document';
export type { HyperparametersOwner } from './hyperparametersOwner';
export type { ValidateOptions, Validation } from './validate';
export { byPosition, validateConfig } from './validate';
export type { Hover } from './hover';
export { hoverAt } from './hover';
export type { Completion } from './completion';
export { completionsAt } from './completion';
export { rangeOf } from './rangeOf';
export { decodeConfigBytes } from './bytes';
export { kindFromFileName } from './kinds';
export type { ConfigSyntax } from './kinds';
export { MAX_CONFIG_TEXT_LENGTH } from './limits';
export { suggestClosest } from './didYouMean';
