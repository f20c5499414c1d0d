import { parseTrainerEvent } from '../../core/events';
import type { TrainerEvent } from '../../core/events';

// One line of an external trainer's stdout. Every line must be a trainer event; the trainer may leave out
// `time` and `runId`, which the run fills in, so that a script in any language only prints its own fields.

export type EventLine =
  | { readonly kind: 'event'; readonly event: TrainerEvent }
  /** An empty line carries nothing and is skipped. */
  | { readonly kind: 'blank' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function readEventLine(line: string, runId: string, now: Date): EventLine {
  if (line.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'it is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'it is not a JSON object' };
  }
  const parsed = parseTrainerEvent(JSON.stringify({ time: now.toISOString(), runId, ...value }));
  return parsed.ok ? { kind: 'event', event: parsed.value } : { kind: 'invalid', reason: parsed.error };
}
