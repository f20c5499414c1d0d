import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

// Where the offline VS Code host (code-server + playwright-core in tools/vscode-host) lives, shared by the
// integration runner, the UI smoke test and the browser tests.

const HOST_DIR = path.join(REPO_ROOT, 'tools', 'vscode-host');
export const CS_RUN = path.join(HOST_DIR, 'cs-run.mjs');
export const CODE_SERVER_ENTRY = path.join(
  HOST_DIR,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** The settings and flags every test browser and server uses; cs-run.mjs reads the same file. */
export interface HostProfile {
  readonly chromium: { readonly executablePath: string; readonly args: readonly string[] };
}
export const HOST_PROFILE = JSON.parse(
  fs.readFileSync(path.join(HOST_DIR, 'profile.json'), 'utf8'),
) as HostProfile;

/** Fails early with the fix, instead of a confusing spawn error deep inside a run. */
export function assertHostInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(
      `code-server is not installed at ${CODE_SERVER_ENTRY}; run: bash scripts/setup.sh --test-host`,
    );
  }
}
