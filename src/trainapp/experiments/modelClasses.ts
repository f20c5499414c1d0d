import fs from 'node:fs';
import path from 'node:path';
import { ProjectMeta } from '../../core/schemas';
import type { ClassMeta } from '../../core/schemas';
import { classColor } from '../../data/readers/derivedMeta';
import type { DrawnClass } from '../../engine/draw/drawPrediction';
import { EXPERIMENT_FILES } from './layout';

// The classes a run trained, as its model_meta.json records them (title, shape, colour): what the export's
// classes.json, the report's gallery and predict's drawings and annotations take their colours from.

/** model_meta.json's classes; undefined when the file is missing or damaged, which each caller judges. */
export function readModelClasses(experimentDir: string): readonly ClassMeta[] | undefined {
  try {
    const text = fs.readFileSync(path.join(experimentDir, EXPERIMENT_FILES.modelMeta), 'utf8');
    const parsed = ProjectMeta.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.classes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The checkpoint's classes in its own order, each with its colour from `modelClasses`; a class they lack
 * (or no model_meta.json at all) gets a stable generated one.
 */
export function drawnClasses(
  classes: readonly string[],
  modelClasses: readonly ClassMeta[] | undefined,
): DrawnClass[] {
  const colours = new Map((modelClasses ?? []).map((meta) => [meta.title, meta.color]));
  return classes.map((name, index) => ({ name, color: colours.get(name) ?? classColor(index) }));
}
