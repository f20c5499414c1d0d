import './zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { parseHostToWebview, type HostToWebviewMessage } from '../src/core/webviewMessages';
import { host } from './vscodeApi';

function createHeader(): HTMLElement {
  const header = document.createElement('header');
  const title = document.createElement('h1');
  title.textContent = 'Train Studio';
  const version = document.createElement('vscode-badge');
  version.id = 'version';
  header.append(title, version);
  return header;
}

function render(message: HostToWebviewMessage): void {
  const version = document.querySelector('#version');
  if (version) version.textContent = `v${message.extensionVersion}`;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostToWebview(event.data);
  // A malformed message is a host bug: report it where developers look, and keep the page as it is.
  if (!parsed.ok) {
    console.error(`Train Studio panel: ${parsed.error}`);
    return;
  }
  render(parsed.message);
});

document.body.append(createHeader());
host.postMessage({ type: 'ready' });
