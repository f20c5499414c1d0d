import * as vscode from 'vscode';

// The notifications the extension shows, recorded as they are shown. The test files live inside the
// extension's folder, so VS Code hands them the very API object the extension uses: wrapping its message
// functions sees every call, and the wrapped function still shows the message.

type MessageFunction = (...args: unknown[]) => unknown;
const SHOWN = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const;

export interface MessageLog {
  /** Every message shown since recording began, oldest first. */
  readonly shown: string[];
  dispose(): void;
}

export function recordMessages(): MessageLog {
  const window = vscode.window as unknown as Record<(typeof SHOWN)[number], MessageFunction>;
  const shown: string[] = [];
  const originals = SHOWN.map((name) => [name, window[name]] as const);
  for (const [name, original] of originals) {
    window[name] = (...args) => {
      shown.push(String(args[0]));
      return original.apply(vscode.window, args);
    };
  }
  return {
    shown,
    dispose: () => {
      for (const [name, original] of originals) window[name] = original;
    },
  };
}
