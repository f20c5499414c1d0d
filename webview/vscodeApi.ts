import type { WebviewToHostMessage } from '../src/core/webviewMessages';

/** The part of the API that VS Code injects into every webview that the panel uses. */
export interface HostApi {
  postMessage(message: WebviewToHostMessage): void;
}

declare function acquireVsCodeApi(): HostApi;

/** VS Code allows acquireVsCodeApi() once per page, so the panel takes it here and shares it. */
export const host: HostApi = acquireVsCodeApi();
