import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/core/panel/messages';
import { PANEL_ASSETS, createNonce, panelHtml } from '../../src/extension/workbench/panel/page';
import { launchChromium } from '../browser';
import { REPO_ROOT } from '../paths';

// The panel's real page (panelHtml, with its production Content Security Policy) and the real dist/
// bundles, served to Debian's Chromium. acquireVsCodeApi is the one thing VS Code injects; the page gets a
// stand-in, in a nonce script like the panel's own, that records what the panel posts and stores.

const STAND_IN = `
  window.posted = []; window.cspViolations = []; window.storedState = undefined;
  document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.posted.push(m),
    getState: () => window.storedState,
    setState: (s) => { window.storedState = s; },
  });`;

function pageWithStandIn(origin: string): string {
  const nonce = createNonce();
  const asset = (file: string) => `${origin}/${file}`;
  const html = panelHtml({
    cspSource: origin,
    nonce,
    script: asset(PANEL_ASSETS.script),
    panelStyles: asset(PANEL_ASSETS.panelStyles),
    chartStyles: asset(PANEL_ASSETS.chartStyles),
    codiconStyles: asset(PANEL_ASSETS.codiconStyles),
  });
  const firstScript = html.indexOf('<script ');
  return `${html.slice(0, firstScript)}<script nonce="${nonce}">${STAND_IN}</script>\n${html.slice(firstScript)}`;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

function serve(): Promise<http.Server> {
  const dist = path.join(REPO_ROOT, PANEL_ASSETS.folder);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      const origin = `http://${request.headers.host ?? ''}`;
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(pageWithStandIn(origin));
      return;
    }
    const file = path.join(REPO_ROOT, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

const POLL_INTERVAL_MS = 20;
const POLL_TIMEOUT_MS = 10_000;

/**
 * Waits until `expression` is truthy in the page. Not page.waitForFunction: its polling compiles the
 * predicate with eval, which the production policy blocks (and reports as a violation).
 */
export async function pollPage(page: Page, expression: string, timeoutMs = POLL_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<unknown>(expression))) {
    if (Date.now() > deadline) throw new Error(`the page never made true: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

export interface PanelPage {
  readonly page: Page;
  /** Delivers a message as the host would (window.postMessage); unchecked, so tests can send bad ones. */
  send(
    message: HostToWebviewMessage | { readonly type: string; readonly [key: string]: unknown },
  ): Promise<void>;
  /** Everything the panel posted to the host so far. */
  posted(): Promise<WebviewToHostMessage[]>;
  /** Waits until the panel has posted a message of this type, and returns the last one. */
  waitForPosted<Type extends WebviewToHostMessage['type']>(
    type: Type,
  ): Promise<Extract<WebviewToHostMessage, { type: Type }>>;
  /** What the panel stored with setState. */
  storedState(): Promise<unknown>;
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Opens the panel page in a new browser and waits for its `ready`. */
export async function openPanelPage(options: { width?: number; height?: number } = {}): Promise<PanelPage> {
  const server = await serve();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    });
    await page.goto(`http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`);
    await pollPage(page, 'window.posted.some((m) => m.type === "ready")');
    const opened = browser;
    return {
      page,
      send: async (message) => {
        await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
      },
      posted: () => page.evaluate<WebviewToHostMessage[]>('window.posted'),
      waitForPosted: async <Type extends WebviewToHostMessage['type']>(type: Type) => {
        const last = `window.posted.findLast((m) => m.type === ${JSON.stringify(type)})`;
        await pollPage(page, last);
        return page.evaluate<Extract<WebviewToHostMessage, { type: Type }>>(last);
      },
      storedState: () => page.evaluate('window.storedState'),
      cspViolations: () => page.evaluate<string[]>('window.cspViolations'),
      close: async () => {
        await opened.close();
        server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}
