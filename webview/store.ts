import type { PanelFacts } from '../src/core/panel/cards';
import type { HostMessageOf, HostToWebviewMessage } from '../src/core/panel/messages';

// What the panel knows: the latest host message of each type, and listeners per type. Cards render from it
// and never keep a copy of their own, so a message that arrives before a card exists is not lost. Deltas
// (`metrics`, `log`) are handed to their listeners one by one; keeping them is the listener's job.

type MessageType = HostToWebviewMessage['type'];
type Listener<Type extends MessageType> = (message: HostMessageOf<Type>) => void;

export class PanelStore {
  private readonly latestByType = new Map<MessageType, HostToWebviewMessage>();
  private readonly listeners = new Map<MessageType, Set<(message: HostToWebviewMessage) => void>>();
  private readonly anyListeners = new Set<() => void>();

  latest<Type extends MessageType>(type: Type): HostMessageOf<Type> | undefined {
    return this.latestByType.get(type) as HostMessageOf<Type> | undefined;
  }

  /** Calls `listener` with every message of `type` from now on; returns the unsubscribe. */
  on<Type extends MessageType>(type: Type, listener: Listener<Type>): () => void {
    const forType = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, forType);
    const untyped = listener as (message: HostToWebviewMessage) => void;
    forType.add(untyped);
    return () => forType.delete(untyped);
  }

  /** Like `on`, and at once with the latest message of that type when there is one. */
  follow<Type extends MessageType>(type: Type, listener: Listener<Type>): () => void {
    const latest = this.latest(type);
    if (latest) listener(latest);
    return this.on(type, listener);
  }

  /** Calls `listener` after every message of any type (the card frames re-check their gating). */
  onAny(listener: () => void): void {
    this.anyListeners.add(listener);
  }

  receive(message: HostToWebviewMessage): void {
    this.latestByType.set(message.type, message);
    for (const listener of this.listeners.get(message.type) ?? []) listener(message);
    for (const listener of this.anyListeners) listener();
  }

  facts(): PanelFacts {
    const session = this.latest('session');
    const project = this.latest('project');
    const splitPreview = this.latest('splitPreview');
    const models = this.latest('models');
    const diagnostics = this.latest('hyperparameterDiagnostics');
    const run = this.latest('run');
    return {
      ...(session && { session: session.session }),
      ...(project && { project: project.state }),
      ...(splitPreview && { splitPreview: splitPreview.preview }),
      ...(models && { models: models.models }),
      ...(diagnostics && { hyperparameterDiagnostics: diagnostics.diagnostics }),
      ...(run && { run: run.run }),
    };
  }
}
