import { UserError } from '../userError';

// resolveDebugConfiguration runs before VS Code substitutes variables, and it is the only hook in which a
// configuration may change its type (to `node`) and still get the new type's own resolver (js-debug's).
// So the paths it must check are substituted here, the way VS Code would substitute them afterwards.

export interface LaunchVariables {
  /** The launch's workspace folder, absolute; undefined when it has none. */
  readonly workspaceFolder?: string | undefined;
  /** Every workspace folder by name, for `${workspaceFolder:name}`. */
  readonly workspaceFolders: Readonly<Record<string, string>>;
  readonly userHome: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The active editor's file, for `${file}`. */
  readonly file?: string | undefined;
  readonly pathSeparator: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

const SUPPORTED =
  'a path relative to the workspace folder, or one starting with ${workspaceFolder}, ${workspaceFolder:name}, ${userHome} or ${env:NAME}, or ${file}';

function valueOf(name: string, variables: LaunchVariables): string | undefined {
  if (name.startsWith('env:')) return variables.env[name.slice('env:'.length)] ?? '';
  if (name.startsWith('workspaceFolder:'))
    return variables.workspaceFolders[name.slice('workspaceFolder:'.length)];
  switch (name) {
    case 'workspaceFolder':
      return variables.workspaceFolder;
    case 'workspaceFolderBasename':
      return variables.workspaceFolder?.split(/[\\/]/).pop();
    case 'userHome':
      return variables.userHome;
    case 'file':
      return variables.file;
    case 'pathSeparator':
    case '/':
      return variables.pathSeparator;
    default:
      return undefined;
  }
}

function unresolved(whole: string, attribute: string, variables: LaunchVariables): UserError {
  const name = whole.slice(2, -1);
  if (name === 'workspaceFolder' || name === 'workspaceFolderBasename') {
    return new UserError(
      `The launch configuration's \`${attribute}\` uses ${whole}, but the launch has no workspace folder.`,
      'Open the folder that holds the file, or give its absolute path.',
    );
  }
  if (name === 'file' && variables.file === undefined) {
    return new UserError(
      `The launch configuration's \`${attribute}\` uses \${file}, but no file is open in the editor.`,
      'Open the app_state.json in the editor first, or give its path.',
    );
  }
  return new UserError(
    `The launch configuration's \`${attribute}\` uses ${whole}, which Train Studio cannot resolve.`,
    `Give ${SUPPORTED}.`,
  );
}

/** `value` with every variable substituted; a UserError names the one it cannot resolve. */
export function substituteVariables(value: string, attribute: string, variables: LaunchVariables): string {
  return value.replace(VARIABLE, (whole, name: string) => {
    const resolved = valueOf(name, variables);
    if (resolved === undefined) throw unresolved(whole, attribute, variables);
    return resolved;
  });
}
