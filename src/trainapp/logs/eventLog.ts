import fs from 'node:fs';
import { parseTrainerEvent } from '../../core/events';
import type { TrainerEvent } from '../../core/events';
import { describeFsError, isMissing } from '../../data/readers/files';
import { ExperimentFolderError } from '../experiments/folderError';
import { experimentPath, LOG_FILES } from '../experiments/layout';

// logs/events.jsonl read back: by resume, by `train-studio finalize` and by the extension. A crash can cut
// the last line, so a bad line is skipped and counted, never fatal.

export interface SkippedLine {
  /** 1-based. */
  readonly line: number;
  readonly problem: string;
}

export interface EventLog {
  readonly events: TrainerEvent[];
  readonly skipped: SkippedLine[];
}

/** Every event of the run's events.jsonl, and the lines that were not events; empty when there is no file. */
export function readEventLog(experimentDir: string): EventLog {
  const file = experimentPath.log(experimentDir, LOG_FILES.events);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { events: [], skipped: [] };
    throw new ExperimentFolderError({
      message: `Cannot read ${file}: ${describeFsError(error)}.`,
      hint: 'Check the file and its permissions.',
      file,
    });
  }
  const events: TrainerEvent[] = [];
  const skipped: SkippedLine[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseTrainerEvent(line);
    if (parsed.ok) events.push(parsed.value);
    else skipped.push({ line: index + 1, problem: parsed.error });
  });
  return { events, skipped };
}

export const readEvents = (experimentDir: string): TrainerEvent[] => readEventLog(experimentDir).events;
