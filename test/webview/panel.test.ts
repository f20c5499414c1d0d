import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser';
import { REPO_ROOT } from '../paths';

// Loads the real dist/webview.js in Debian's Chromium under the Content Security Policy a VS Code webview
// gets (nonce scripts only, nothing remote). acquireVsCodeApi is the one thing VS Code injects; the page
// gets a stand-in that records what the panel posts to the host.
const NONCE = 'test-nonce-0123456789';
const CSP = `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'unsafe-inline'; img-src data:;`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script nonce="${NONCE}">
  window.posted = []; window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m) });
</script>
<script nonce="${NONCE}" src="/webview.js"></script>
</body></html>`;

function serve(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const headers = { 'Content-Security-Policy': CSP };
    if (request.url === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(PAGE);
    } else if (request.url === '/webview.js') {
      const script = fs.readFileSync(path.join(REPO_ROOT, 'dist/webview.js'));
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

describe('webview bundle in a real browser', () => {
  let server: http.Server;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await serve();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await browser.close();
    server.close();
  });

  it('renders its header and tells the host it is ready, exactly once', async () => {
    await page.waitForFunction('window.posted.length > 0');
    assert.equal(await page.locator('h1').textContent(), 'Train Studio');
    assert.deepEqual(await page.evaluate('window.posted'), [{ type: 'ready' }]);
  });

  it('renders what the host sends', async () => {
    await page.evaluate(`window.postMessage({ type: 'hostInfo', extensionVersion: '1.2.3' }, '*')`);
    await page.locator('vscode-badge#version', { hasText: 'v1.2.3' }).waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(`customElements.get('vscode-badge') !== undefined`), true);
  });

  it('ignores a malformed message and reports it on the console', async () => {
    const reported = page.waitForEvent('console', {
      predicate: (message) => message.type() === 'error' && message.text().includes("at 'extensionVersion'"),
      timeout: 5000,
    });
    await page.evaluate(`window.postMessage({ type: 'hostInfo', extensionVersion: 42 }, '*')`);
    await reported;
    assert.equal(await page.locator('#version').textContent(), 'v1.2.3');
  });

  it('runs under the webview Content Security Policy without a violation', async () => {
    assert.deepEqual(await page.evaluate('window.cspViolations'), []);
  });
});
