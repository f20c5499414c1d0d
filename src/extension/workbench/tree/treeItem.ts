import * as vscode from 'vscode';
import type { NodeView } from './nodeView';
import type { IconSpec, Tooltip } from './runView';

// NodeView (plain data, tested without VS Code) into VS Code's TreeItem.

const COLLAPSIBLE: Readonly<Record<NodeView['collapsible'], vscode.TreeItemCollapsibleState>> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

const iconOf = (icon: IconSpec) =>
  new vscode.ThemeIcon(icon.id, icon.color === undefined ? undefined : new vscode.ThemeColor(icon.color));

function markdownOf(tooltip: Tooltip): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**');
  markdown.appendText(tooltip.title);
  markdown.appendMarkdown('**\n\n');
  for (const [name, value] of tooltip.fields) {
    markdown.appendMarkdown(`${name}: `);
    markdown.appendText(value);
    markdown.appendMarkdown('  \n');
  }
  for (const note of tooltip.notes) {
    markdown.appendMarkdown('\n\n');
    markdown.appendText(note);
  }
  return markdown;
}

function clickOf(view: NodeView): vscode.Command | undefined {
  if (view.file === undefined || view.click === undefined) return undefined;
  const uri = vscode.Uri.file(view.file);
  return view.click === 'open'
    ? { title: 'Open', command: 'vscode.open', arguments: [uri] }
    : { title: 'Reveal', command: 'revealInExplorer', arguments: [uri] };
}

export function treeItemOf(id: string, view: NodeView): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, COLLAPSIBLE[view.collapsible]);
  item.id = id;
  if (view.description !== undefined) item.description = view.description;
  if (view.tooltip !== undefined) {
    item.tooltip = typeof view.tooltip === 'string' ? view.tooltip : markdownOf(view.tooltip);
  }
  if (view.file !== undefined) item.resourceUri = vscode.Uri.file(view.file);
  item.iconPath = view.icon ? iconOf(view.icon) : view.file === undefined ? undefined : vscode.ThemeIcon.File;
  if (view.contextValue !== undefined) item.contextValue = view.contextValue;
  const command = clickOf(view);
  if (command) item.command = command;
  return item;
}
