import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { REPO_ROOT } from '../paths';
import { startCodeServer } from './codeServer';
import type { CodeServer } from './codeServer';
import { STEP_TIMEOUT_MS, Workbench } from './workbench';

const VSIX = path.join(REPO_ROOT, 'dist', 'train-studio.vsix');

export interface SessionOptions {
  /** This test's own folder: other UI tests keep theirs. */
  readonly screenshotDir: string;
  /** Fills the fresh workspace folder before the workbench opens it. */
  readonly prepare: (workspace: string) => void;
  /** Reaches the bridge, the extension host and what it starts. */
  readonly env?: (workDir: string) => Readonly<Record<string, string>>;
}

export interface Session {
  readonly workspace: string;
  readonly workDir: string;
  readonly workbench: () => Workbench | undefined;
}

/**
 * One UI test's code-server with the packaged extension, and the workbench on a fresh workspace: opened
 * before the suite's steps, closed (server, browser and folders) after them.
 */
export function useWorkbenchSession(options: SessionOptions): Session {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-ui-'));
  const workspace = path.join(workDir, 'workspace');
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  before(
    async () => {
      if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
      // Screenshots from an earlier run, a stale failure.png above all, must not be mistaken for this run's.
      fs.rmSync(options.screenshotDir, { recursive: true, force: true });
      fs.mkdirSync(options.screenshotDir, { recursive: true });
      fs.mkdirSync(workspace);
      options.prepare(workspace);
      server = await startCodeServer(VSIX, options.env?.(workDir));
      workbench = await Workbench.open(server.url, workspace, options.screenshotDir);
    },
    { timeout: 5 * STEP_TIMEOUT_MS },
  );
  after(
    async () => {
      await workbench?.close();
      // Stopping code-server ends its extension host, and with it any trainer still running.
      await server?.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
    { timeout: STEP_TIMEOUT_MS },
  );
  return { workspace, workDir, workbench: () => workbench };
}
