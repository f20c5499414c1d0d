import fs from 'node:fs';
import path from 'node:path';
import { ProjectMeta } from '../../core/schemas';
import type { ClassMeta } from '../../core/schemas';
import { EXPERIMENT_FILES } from '../experiments/layout';

/**
 * The classes the run trained, with their colours, from its model_meta.json; none when the file is missing
 * or damaged: an export needs no more than the checkpoint, and says what it could not tell.
 */
export function modelClasses(experimentDir: string): readonly ClassMeta[] {
  try {
    const text = fs.readFileSync(path.join(experimentDir, EXPERIMENT_FILES.modelMeta), 'utf8');
    return ProjectMeta.parse(JSON.parse(text)).classes;
  } catch {
    return [];
  }
}
