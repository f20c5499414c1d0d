import type { WebviewToHostMessage } from '../src/core/panel/messages';

/** The part of the API that VS Code injects into every webview that the panel uses. */
export interface HostApi {
  postMessage(message: WebviewToHostMessage): void;
  /** What setState stored, across hiding and reloads of this panel; undefined in a new one. */
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): HostApi;

/** VS Code allows acquireVsCodeApi() once per page, so the panel takes it here and shares it. */
export const host: HostApi = acquireVsCodeApi();
