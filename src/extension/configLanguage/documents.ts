import * as vscode from 'vscode';
import type { ConfigDocument, Range } from '../../core/config';
import { parseConfig } from '../../core/config';
import { APP_STATE_GLOB } from '../ids';
import { configKindOf } from './documentKind';

// Which editor documents are config files, and their parsed form, parsed once per version so that
// diagnostics, hover, completion and quick fixes typed in quick succession share the work.

/** Providers register for these names whatever language mode the user picked for the file. */
export const CONFIG_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  '**/models.json',
  APP_STATE_GLOB,
  '**/experiment_info.json',
  '**/app_options.{yaml,yml}',
  '**/hyperparameters*.{yaml,yml}',
].map((pattern) => ({ scheme: 'file', pattern }));

const parsed = new WeakMap<vscode.TextDocument, { version: number; config: ConfigDocument }>();

export function parsedConfig(document: vscode.TextDocument): ConfigDocument | undefined {
  const kind = configKindOf(document);
  if (!kind) return undefined;
  const cached = parsed.get(document);
  if (cached?.version === document.version) return cached.config;
  const config = parseConfig(kind, document.getText());
  parsed.set(document, { version: document.version, config });
  return config;
}

export const toVscodeRange = (range: Range): vscode.Range =>
  new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
