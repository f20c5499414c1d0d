import type * as vscode from 'vscode';

/**
 * The Experiments view. It lists nothing yet, so VS Code shows the view's welcome content
 * (contributes.viewsWelcome); the experiment browser fills it from experiment folders.
 */
export class ExperimentsTree implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}
