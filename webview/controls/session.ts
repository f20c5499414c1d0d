import { AppOptions } from '../../src/core/schemas/appOptions';
import type { PanelSession } from '../../src/core/panel/views';

/** What a session without a framework (its app_state names none that loads) shows: every default. */
const DEFAULT_APP_OPTIONS: AppOptions = AppOptions.parse({});

export const appOptionsOf = (session: PanelSession | undefined): AppOptions =>
  session?.framework?.appOptions ?? DEFAULT_APP_OPTIONS;

/** A finished experiment's settings: shown, never edited. */
export const isReadOnly = (session: PanelSession | undefined): boolean => session?.mode === 'readOnly';

/** Disables (not hides) every control, so a read-only session still shows its settings. */
export function setDisabled(controls: Iterable<{ disabled: boolean }>, disabled: boolean): void {
  for (const control of controls) control.disabled = disabled;
}
