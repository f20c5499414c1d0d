import type { TaskType } from '../../core/names';
import { CONVERSION_OUTCOMES, convertForTask, formatConversionReport } from '../../data/convert';
import type { ConversionCount, ConversionResult } from '../../data/convert';
import { NO_PIXELS } from '../../data/convert/rasterize';
import type { DatasetIndex } from '../../data/model';
import { RunError } from '../runError';
import { countOf } from './listing';
import { taskNeedsSentence } from './taskNeeds';

/**
 * A shape that the task does not take as it is. An object dropped because it covers no pixel of its image
 * has a fitting shape, only a degenerate one, so it is not a reason to ask for conversion.
 */
function needsConversion(row: ConversionCount): boolean {
  return (
    row.outcome === CONVERSION_OUTCOMES.converted ||
    (row.outcome === CONVERSION_OUTCOMES.dropped && row.reason !== NO_PIXELS)
  );
}

function describeMisfit(row: ConversionCount): string {
  const objects = `'${row.classTitle}': ${countOf(row.count, row.shape)}`;
  switch (row.outcome) {
    case CONVERSION_OUTCOMES.converted:
      return `${objects}, which would need converting to ${row.to}`;
    case CONVERSION_OUTCOMES.dropped:
      return `${objects}, which cannot be used (${row.reason})`;
    case CONVERSION_OUTCOMES.kept:
      return objects;
  }
}

/**
 * Fits the selected classes' objects to the task. With `convert` off, a shape the task does not take as it
 * is fails the run rather than being converted or dropped behind the user's back.
 */
export function fitShapes(
  index: DatasetIndex,
  taskType: TaskType,
  convert: boolean,
  appStatePath: string,
  log: (message: string) => void,
): ConversionResult {
  const result = convertForTask(index, taskType);
  const misfits = result.report.objects.filter(needsConversion);
  if (!convert && misfits.length > 0) {
    const classes = [...new Set(misfits.map((row) => `'${row.classTitle}'`))].join(', ');
    throw new RunError({
      message:
        `options.convert_class_shapes is false, and shapes of the selected classes do not fit ${taskType}: ` +
        `${misfits.map(describeMisfit).join('; ')}. ${taskNeedsSentence(taskType)}`,
      hint: `Set options.convert_class_shapes: true to convert them, or deselect ${classes} in classes.`,
      file: appStatePath,
      field: 'options.convert_class_shapes',
    });
  }
  const { report } = result;
  if (report.objects.length > 0 || report.droppedItems.length > 0) {
    for (const line of formatConversionReport(report)) log(line);
  }
  return result;
}
