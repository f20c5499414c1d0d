import path from 'node:path';
import type * as vscode from 'vscode';
// Straight from kinds.ts, not the config index: deciding whether a document is a config file must not
// load the validator (zod and yaml), which is what keeps activation cheap.
import { kindFromFileName } from '../../core/config/kinds';
import type { ConfigKind } from '../../core/names';

/** Only files on disk: the checks resolve paths relative to the file's folder, which untitled files lack. */
export function configKindOf(document: vscode.TextDocument): ConfigKind | undefined {
  if (document.uri.scheme !== 'file') return undefined;
  return kindFromFileName(path.basename(document.uri.path));
}
