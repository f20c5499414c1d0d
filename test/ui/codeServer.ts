import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { assertHostInstalled, CS_RUN } from '../vscodeHost';

const START_TIMEOUT_MS = 120_000;

export interface CodeServer {
  readonly url: string;
  /** Stops the server and everything it started (extension hosts, file watcher, pty host). */
  stop(): Promise<void>;
}

/**
 * Serves the workbench with `vsix` installed in a fresh profile, through the same bridge the integration
 * tests use (cs-run.mjs --serve), which owns code-server's start, settings and process-group cleanup.
 * `env` reaches the bridge and, through code-server, the extension host and what it starts (CS_TIMEOUT_S is
 * the bridge's whole-run limit).
 */
export async function startCodeServer(
  vsix: string,
  env: Readonly<Record<string, string>> = {},
): Promise<CodeServer> {
  assertHostInstalled();
  const bridge = spawn(process.execPath, [CS_RUN, '--serve', `--install-extension=${vsix}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`code-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /^cs-run: serving (\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    bridge.stdout.on('data', onData);
    bridge.stderr.on('data', onData);
    bridge.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server bridge exited with ${String(code)} before serving:\n${output}`));
    });
  });
  const exited = once(bridge, 'exit');
  return {
    url,
    stop: async () => {
      bridge.kill('SIGTERM');
      await exited;
    },
  };
}
