#!/usr/bin/env node
// A stand-in for a VS Code binary that runs extension tests on code-server (VS Code's server and web workbench)
// in headless Chromium, because no Electron build of VS Code can be downloaded here. It accepts the arguments
// @vscode/test-electron passes, so `runTests({ vscodeExecutablePath: '<this file>', ... })` works unchanged:
//
//   cs-run.mjs [workspaceFolder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE.js
//              [--user-data-dir=DIR] [--extensions-dir=DIR]   (other VS Code options are accepted and ignored)
//
// With --serve it runs no tests: it installs the extensions named by --install-extension=VSIX (repeatable),
// prints `cs-run: serving <url>` and serves the workbench until SIGTERM or SIGINT, then exits 0. UI tests
// drive that workbench themselves; this way one program owns code-server's whole life in both uses.
//
// Env: CODE_SERVER  code-server's out/node/entry.js (default: next to this file)
//      CS_TIMEOUT_S whole-run limit in seconds (default 300)
//      CHROMIUM     browser binary (default /usr/bin/chromium)
//      CS_VERBOSE=1 echo code-server's log
//      CS_WORKSPACE_TRUST  `trusted` (default) or `untrusted`: Workspace Trust on, and the folder opened in
//                   Restricted Mode without a prompt (profile.json's untrustedWorkspace), for the tests of
//                   what an extension may do in an untrusted workspace
// Every other variable reaches the extension host, because code-server inherits this process's environment.
// Exit code: the test runner's (0 passed, 1 failed), or 2 for a timeout or an infrastructure failure.
// Settings, code-server flags and Chromium flags come from profile.json beside this file (see README.md).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';

const VALUE_OPTIONS = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'];
const REPEATED_OPTIONS = ['install-extension'];
const FLAG_OPTIONS = ['serve'];

const PROFILE = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'profile.json'), 'utf8'));
const WORKSPACE_TRUST = process.env.CS_WORKSPACE_TRUST ?? 'trusted';
const UNTRUSTED = WORKSPACE_TRUST === 'untrusted';
/** The user settings and code-server flags of this run: the profile's, changed for an untrusted workspace. */
const SETTINGS = UNTRUSTED
  ? { ...PROFILE.settings, ...PROFILE.untrustedWorkspace.settings }
  : PROFILE.settings;
const CODE_SERVER_ARGS = UNTRUSTED
  ? PROFILE.codeServerArgs.filter((arg) => !PROFILE.untrustedWorkspace.withoutCodeServerArgs.includes(arg))
  : PROFILE.codeServerArgs;

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

function fail(message) {
  console.error(`cs-run: ${message}`);
  process.exit(2);
}

/** Reads `--name=value` and `--name value` for the options we use; the first bare argument is the folder. */
function parseArgs(argv) {
  const options = { 'install-extension': [] };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.slice(2).split(/=(.*)/s);
    if (FLAG_OPTIONS.includes(name)) options[name] = true;
    else if (REPEATED_OPTIONS.includes(name)) options[name].push(inlineValue ?? argv[++i]);
    else if (VALUE_OPTIONS.includes(name)) options[name] = inlineValue ?? argv[++i];
  }
  return { options, folder: positional[0] };
}

function prepareProfile(tmp, options) {
  const userDataDir = path.resolve(options['user-data-dir'] ?? path.join(tmp, 'user-data'));
  const extensionsDir = path.resolve(options['extensions-dir'] ?? path.join(tmp, 'extensions'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(SETTINGS, null, 2));
  // An empty config file keeps code-server from writing ~/.config/code-server/config.yaml.
  const configFile = path.join(tmp, 'config.yaml');
  fs.writeFileSync(configFile, '');
  return { userDataDir, extensionsDir, configFile };
}

/** code-server's arguments and environment for a profile; `extra` selects what it does. */
function codeServerCommand(codeServer, tmp, profile, extra) {
  return {
    args: [
      codeServer,
      ...[
        '--config',
        profile.configFile,
        '--user-data-dir',
        profile.userDataDir,
        '--extensions-dir',
        profile.extensionsDir,
      ],
      ...extra,
    ],
    // An empty gallery stops the workbench retrying an unreachable marketplace.
    env: { EXTENSIONS_GALLERY: '{}', ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp },
  };
}

function installExtensions(codeServer, tmp, profile, vsixFiles) {
  for (const vsix of vsixFiles) {
    const { args, env } = codeServerCommand(codeServer, tmp, profile, [
      '--install-extension',
      path.resolve(vsix),
    ]);
    execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  }
}

function startCodeServer(codeServer, tmp, profile) {
  const extra = ['--bind-addr', '127.0.0.1:0', ...CODE_SERVER_ARGS];
  const { args, env } = codeServerCommand(codeServer, tmp, profile, extra);
  // detached: its own process group, so one kill reaches the extension hosts, watcher and pty host too.
  return spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
}

/** Resolves with the server's base URL once it prints it; keeps the log's tail for error reports. */
function watchServer(server, logTail) {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      if (process.env.CS_VERBOSE) process.stderr.write(text);
      logTail.push(text);
      if (logTail.length > 40) logTail.shift();
      seen += text;
      const match = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(seen);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `signal` to the whole process group; false once no process of the group is left. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group, then SIGKILL to whatever is still there after 5 s. */
async function killGroup(pid) {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && signalGroup(pid, 0)) await delay(100);
  signalGroup(pid, 'SIGKILL');
}

function payloadUrl(baseUrl, folder, devPath, testsPath) {
  const remote = (p) => `vscode-remote://${new URL(baseUrl).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  return `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const { options, folder } = parseArgs(process.argv.slice(2));
const serveOnly = options.serve === true;
if (!serveOnly && !options.extensionDevelopmentPath) fail('missing --extensionDevelopmentPath');
if (!serveOnly && !options.extensionTestsPath) fail('missing --extensionTestsPath');
const codeServer =
  process.env.CODE_SERVER ?? path.join(import.meta.dirname, 'node_modules/code-server/out/node/entry.js');
if (!fs.existsSync(codeServer))
  fail(`code-server not found at ${codeServer} (install tools/vscode-host first)`);
const timeoutS = Number(process.env.CS_TIMEOUT_S ?? 300);
if (!(timeoutS > 0))
  fail(`CS_TIMEOUT_S must be a positive number of seconds, not '${process.env.CS_TIMEOUT_S}'`);
if (!UNTRUSTED && WORKSPACE_TRUST !== 'trusted')
  fail(`CS_WORKSPACE_TRUST must be 'trusted' or 'untrusted', not '${WORKSPACE_TRUST}'`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-run-'));
const profile = prepareProfile(tmp, options);
try {
  installExtensions(codeServer, tmp, profile, options['install-extension']);
} catch (error) {
  fs.rmSync(tmp, { recursive: true, force: true });
  fail(`could not install an extension: ${String(error.stderr ?? error.message).trim()}`);
}
const server = startCodeServer(codeServer, tmp, profile);
const serverLog = [];
let browser;
let finished = false;

async function finish(code, problem) {
  if (finished) return;
  finished = true;
  if (problem) {
    if (serverLog.length > 0) console.error(`cs-run: code-server log tail:\n${serverLog.join('')}`);
    console.error(`cs-run: ${problem}`);
  }
  console.log(`cs-run: exit ${code} after ${elapsed()}`);
  // A hung browser must not turn a clean result into a hang.
  if (browser) await Promise.race([browser.close().catch(() => undefined), delay(5000)]);
  await killGroup(server.pid);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

setTimeout(() => {
  void finish(
    2,
    `timed out after ${timeoutS}s (CS_TIMEOUT_S) before the ${serveOnly ? 'client' : 'tests'} finished`,
  );
}, timeoutS * 1000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  // Serving ends by a signal: that is the normal way to stop, not a failure.
  process.on(signal, () => void finish(serveOnly ? 0 : 2, serveOnly ? undefined : `stopped by ${signal}`));
}
server.on('exit', (code, signal) => void finish(2, `code-server exited early (${code ?? signal})`));

/** Opens the workbench with the test payload; the workbench runs the tests and reports through two hooks. */
async function runExtensionTests(baseUrl) {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? PROFILE.chromium.executablePath,
    headless: true,
    args: PROFILE.chromium.args,
  });
  browser.on('disconnected', () => void finish(2, 'the browser went away'));
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.log(`cs-run: [pageerror] ${String(error)}`));
  page.on('crash', () => void finish(2, 'the workbench page crashed'));
  // The same hooks as VS Code's own browser integration tests use.
  await page.exposeFunction('codeAutomationLog', (_type, args) => console.log(util.format(...(args ?? []))));
  await page.exposeFunction('codeAutomationExit', (code) => void finish(code));
  const workspace = folder ? path.resolve(folder) : fs.mkdtempSync(path.join(tmp, 'workspace-'));
  const devPath = path.resolve(options.extensionDevelopmentPath);
  const testsPath = path.resolve(options.extensionTestsPath);
  await page.goto(payloadUrl(baseUrl, workspace, devPath, testsPath));
}

try {
  const baseUrl = await watchServer(server, serverLog);
  console.log(`cs-run: code-server up at ${baseUrl} in ${elapsed()}`);
  if (serveOnly) console.log(`cs-run: serving ${baseUrl}`);
  else await runExtensionTests(baseUrl);
} catch (error) {
  await finish(2, `could not start the test run: ${error instanceof Error ? error.message : String(error)}`);
}
