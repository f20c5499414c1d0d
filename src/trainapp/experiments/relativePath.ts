import path from 'node:path';
import { isInsideFolder, posixRelative } from '../../data/paths';

/** A path inside an experiment folder as the folder's files record it: relative, with `/` on every OS. */
export function relativeToExperiment(experimentDir: string, absolute: string): string {
  const relative = path.relative(experimentDir, absolute);
  if (relative === '' || !isInsideFolder(absolute, experimentDir)) {
    throw new RangeError(`${absolute} is not inside the experiment folder ${experimentDir}`);
  }
  return posixRelative(experimentDir, absolute);
}
