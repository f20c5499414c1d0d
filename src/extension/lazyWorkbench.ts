import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunHandle, TrainStudioApi } from './workbench/api/types';
import type { Workbench, WorkbenchCommandId, WorkbenchHost } from './workbench/contract';

// Activation registers every provider and command at once, but each only loads dist/workbench.js (zod, our
// schemas, the registry) when VS Code first calls it: opening a JSON file activates the extension, and
// that must stay cheap.

export class LazyWorkbench implements vscode.Disposable {
  private loading: Promise<Workbench> | undefined;
  private loaded: Workbench | undefined;
  private readonly treeChanged = new vscode.EventEmitter<unknown>();

  constructor(private readonly host: WorkbenchHost) {}

  get(): Promise<Workbench> {
    this.loading ??= import('./workbench/index.js').then(({ createWorkbench }) => {
      const started = performance.now();
      const workbench = createWorkbench(this.host);
      workbench.experimentsTree.onDidChangeTreeData?.((node) => {
        this.treeChanged.fire(node);
      });
      this.loaded = workbench;
      this.host.output.info(`Workbench loaded in ${(performance.now() - started).toFixed(1)} ms`);
      return workbench;
    });
    return this.loading;
  }

  command(id: WorkbenchCommandId): (...args: unknown[]) => Promise<unknown> {
    return async (...args) => (await this.get()).commands[id](...args);
  }

  readonly tree: vscode.TreeDataProvider<unknown> = {
    onDidChangeTreeData: this.treeChanged.event,
    getChildren: async (node) => (await this.get()).experimentsTree.getChildren(node),
    getTreeItem: async (node) => (await this.get()).experimentsTree.getTreeItem(node),
    getParent: async (node) => (await this.get()).experimentsTree.getParent?.(node),
  };

  readonly tasks: vscode.TaskProvider = {
    provideTasks: async (token) => (await this.get()).tasks.provideTasks(token),
    resolveTask: async (task, token) => (await this.get()).tasks.resolveTask(task, token),
  };

  /** Only the rewrite into a `node` launch: the initial configurations are static, in package.json. */
  readonly debugResolver: vscode.DebugConfigurationProvider = {
    resolveDebugConfiguration: async (folder, configuration, token) =>
      (await this.get()).debug.resolveDebugConfiguration(folder, configuration, token),
  };

  /** One configuration per app_state.json, offered in Run and Debug's dynamic list. */
  readonly debugDynamic: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: async (folder, token) =>
      (await this.get()).debug.provideDebugConfigurations(folder, token),
  };

  /** Revives the training panels VS Code kept across a reload. */
  readonly panelSerializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state) => (await this.get()).panels.revive(panel, state),
  };

  /** The exported API: handles come back at once, and their promises settle once the workbench runs them. */
  api(version: string): TrainStudioApi {
    return {
      version,
      run: (options): RunHandle => {
        const id = randomUUID().slice(0, 8);
        const handle = this.get().then((workbench) => workbench.api.runWithId(options, id));
        const folder = handle.then((started) => started.folder);
        const done = handle.then((started) => started.done);
        // A caller may await only one of the two; a refused run must not also be an unhandled rejection.
        for (const promise of [folder, done]) promise.catch(() => undefined);
        return {
          id,
          folder,
          done,
          start: () => {
            // A workbench that failed to load has already rejected `folder` and `done`.
            handle.then(
              (started) => {
                started.start();
              },
              () => undefined,
            );
          },
          stop: async () => (await handle).stop(),
        };
      },
      compare: async (folders) => (await this.get()).api.compare(folders),
    };
  }

  dispose(): void {
    this.treeChanged.dispose();
    this.loaded?.dispose();
  }
}
