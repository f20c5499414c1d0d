import { parseHostToWebview, type WebviewToHostMessage } from '../src/core/panel/messages';
import type { PanelStore } from './store';
import { host } from './vscodeApi';

/** Every message from the host is checked before the store sees it; a malformed one is a host bug. */
export function listenToHost(store: PanelStore): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseHostToWebview(event.data);
    if (!parsed.ok) {
      console.error(`Train Studio panel: dropped a message from the host: ${parsed.error}`);
      return;
    }
    store.receive(parsed.message);
  });
}

export function post(message: WebviewToHostMessage): void {
  host.postMessage(message);
}
