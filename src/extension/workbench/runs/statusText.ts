import { describeProgress } from '../../../core/runProgress';
import type { RunProgress } from '../../../core/runProgress';

// What the status bar says about the live runs: the first run in full, the others counted, and every run in
// the tooltip.

export interface LiveRunSummary {
  readonly label: string;
  readonly progress: RunProgress;
}

const SPINNER = '$(sync~spin)';

/** Undefined when no run is live: the item hides. */
export function statusText(runs: readonly LiveRunSummary[]): string | undefined {
  const [first] = runs;
  if (!first) return undefined;
  const count = runs.length > 1 ? `${String(runs.length)} runs · ` : '';
  return `${SPINNER} ${count}${first.label}: ${describeProgress(first.progress)}`;
}

export function statusTooltip(runs: readonly LiveRunSummary[]): string {
  const lines = runs.map(
    ({ label, progress }) =>
      `${label}: ${describeProgress(progress)}\n  ${progress.experimentDir ?? 'no experiment folder yet'}`,
  );
  return [...lines, '', runs.length > 1 ? 'Click to show the first run.' : 'Click to show the run.'].join(
    '\n',
  );
}
