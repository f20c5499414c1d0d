import { parseWebviewToHost } from '../../../core/panel/messages';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../../core/panel/messages';

// No vscode. The host's end of the webview's message channel. Nothing goes out before the page says `ready`
// (what is sent earlier waits, in order); a later `ready` is the page reloaded, empty, and asks for
// everything again. Every inbound message is parsed first: the page is untrusted, and an invalid message
// is dropped and logged, never acted on.

export type RequestMessage = Exclude<WebviewToHostMessage, { type: 'ready' }>;

export interface ChannelEnds {
  /** webview.postMessage; it may return a promise that rejects once the panel is gone. */
  readonly post: (message: HostToWebviewMessage) => PromiseLike<unknown> | undefined;
  /** Why a message was dropped or could not be sent: for the output channel. */
  readonly warn: (line: string) => void;
  /** The page is ready for data: `reload` when it was ready before (it holds nothing now). */
  readonly onReady: (reload: boolean) => void;
  readonly onRequest: (message: RequestMessage) => void;
}

export class PanelChannel {
  private queue: HostToWebviewMessage[] | undefined = [];
  private readyBefore = false;

  constructor(private readonly ends: ChannelEnds) {}

  /** Whether the page has said `ready`: until then, send() queues. */
  get ready(): boolean {
    return this.queue === undefined;
  }

  send(message: HostToWebviewMessage): void {
    if (this.queue) {
      this.queue.push(message);
      return;
    }
    this.post(message);
  }

  /** A message from the page, as it arrived (unchecked). */
  receive(raw: unknown): void {
    const parsed = parseWebviewToHost(raw);
    if (!parsed.ok) {
      this.ends.warn(`Training panel: dropped a message from the page (${parsed.error}): ${describe(raw)}`);
      return;
    }
    const { message } = parsed;
    if (message.type !== 'ready') {
      this.ends.onRequest(message);
      return;
    }
    const queued = this.queue ?? [];
    this.queue = undefined;
    for (const waiting of queued) this.post(waiting);
    const reload = this.readyBefore;
    this.readyBefore = true;
    this.ends.onReady(reload);
  }

  private post(message: HostToWebviewMessage): void {
    try {
      this.ends.post(message)?.then(undefined, (error: unknown) => {
        this.ends.warn(`Training panel: could not send '${message.type}': ${String(error)}`);
      });
    } catch (error) {
      this.ends.warn(`Training panel: could not send '${message.type}': ${String(error)}`);
    }
  }
}

/** A short description of a dropped message for the log; the page may send anything, of any size. */
function describe(raw: unknown): string {
  let text: string;
  try {
    text = raw === undefined ? 'undefined' : JSON.stringify(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
