import type { PanelPersistedState } from '../src/core/panel/messages';
import type { PanelStore } from './store';
import { host } from './vscodeApi';

/** Keeps the panel's subject in the webview state, which VS Code hands the serializer after a reload. */
export function persistSession(store: PanelStore): void {
  store.on('session', ({ session }) => {
    const state: PanelPersistedState = {
      mode: session.mode,
      appStateFile: session.appStateFile,
      ...(session.experiment && { experimentDir: session.experiment.dir }),
    };
    host.setState(state);
  });
}
