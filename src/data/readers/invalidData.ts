// Readers validate by throwing InvalidData from deep inside a parse and catching it at the level whose
// unit (object, item, file) the `skip` policy drops. Only bad data is thrown this way; anything else that
// escapes is a bug and is left to propagate.
import { DatasetError } from '../errors';
import type { ProblemLog } from '../errors';
import type { DataProblem } from '../model';

export interface InvalidDataOptions {
  /** JSON path such as `objects[3].points`, or `line 4`. */
  readonly where?: string | undefined;
  readonly hint?: string | undefined;
  /** The file at fault, when it is not the one being read (such as an image an annotation points at). */
  readonly file?: string | undefined;
}

export class InvalidData extends Error {
  override readonly name = 'InvalidData';

  constructor(
    message: string,
    readonly options: InvalidDataOptions = {},
  ) {
    super(message);
  }
}

function toProblem(file: string, error: InvalidData): DataProblem {
  const { where, hint } = error.options;
  return {
    file: error.options.file ?? file,
    message: error.message,
    ...(where === undefined || where === '' ? {} : { where }),
    ...(hint === undefined ? {} : { hint }),
  };
}

/**
 * Runs one unit of reading. Bad data becomes a problem in `log` (which throws under `fail`) and the unit is
 * dropped: the result is undefined.
 */
export function attempt<T>(log: ProblemLog, file: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InvalidData)) throw error;
    log.report(toProblem(file, error));
    return undefined;
  }
}

/** Runs reading that nothing else can go on without (a meta file, a folder listing): bad data always throws. */
export function essential<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidData) throw new DatasetError(toProblem(file, error));
    throw error;
  }
}
