import * as vscode from 'vscode';
import type { Completion } from '../../core/config';
import { completionsAt, hoverAt } from '../../core/config';
import type { ConfigDiagnostics } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { parsedConfig, toVscodeRange } from './documents';

// Hover, completion and quick fixes: thin adapters from src/core/config's answers to VS Code's types.

export class ConfigHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const config = parsedConfig(document);
    const hover = config && hoverAt(config, position);
    if (!hover) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVscodeRange(hover.range));
  }
}

function toCompletionItem(completion: Completion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(
    completion.label,
    completion.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember,
  );
  item.insertText = completion.insertText;
  item.range = toVscodeRange(completion.range);
  item.detail = completion.detail;
  if (completion.documentation) item.documentation = new vscode.MarkdownString(completion.documentation);
  return item;
}

export class ConfigCompletionProvider implements vscode.CompletionItemProvider {
  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const config = parsedConfig(document);
    return config ? completionsAt(config, position).map(toCompletionItem) : [];
  }
}

export class ConfigQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: ConfigDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics
      .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE)
      .flatMap((diagnostic) =>
        this.diagnostics.fixesFor(document.uri, diagnostic).map((fix, index) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = index === 0;
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of fix.edits)
            action.edit.replace(document.uri, toVscodeRange(edit.range), edit.newText);
          return action;
        }),
      );
  }
}
