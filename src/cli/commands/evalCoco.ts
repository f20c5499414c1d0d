import fs from 'node:fs';
import path from 'node:path';
import { CocoFormatError, evaluateCoco, readCocoDetections, readCocoGroundTruth } from '../../metrics';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const USAGE = [
  'Usage: train-studio eval-coco <ground-truth.json> <detections.json>',
  '',
  "Evaluates COCO detections (iouType bbox) against COCO ground truth as pycocotools' COCOeval does, and",
  'prints its 12 summary statistics as one JSON array, -1 where there is no ground truth to measure:',
  '  [AP, AP50, AP75, AP_small, AP_medium, AP_large, AR1, AR10, AR100, AR_small, AR_medium, AR_large]',
  '',
  '  <ground-truth.json>  a COCO file: images, annotations (bbox, area, iscrowd), categories',
  '  <detections.json>    a COCO results file: an array of {image_id, category_id, bbox, score}',
  '',
  'Notes on entries that are not evaluated go to stderr. Exits 1 when a file cannot be read or is not',
  'valid, 2 for bad usage.',
].join('\n');

/** A file that cannot be read or parsed; the message names it. */
class UnreadableFile extends Error {}

function readJsonFile(context: CliContext, file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(context.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code);
    throw new UnreadableFile(`${file}: cannot be read (${reason})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UnreadableFile(`${file}: is not valid JSON (${(error as Error).message})`);
  }
}

/** `train-studio eval-coco`: exit 0 with the stats on stdout, 1 for an unreadable or invalid file. */
export function evalCoco(args: readonly string[], context: CliContext): number {
  const parsed = parseCommandArgs(args, {});
  const fail = (reason: string): number => usageError(context, 'eval-coco', reason, USAGE);
  if (!parsed.ok) return fail(parsed.reason);
  if (parsed.values.help) {
    context.out(USAGE);
    return 0;
  }
  const [truthFile, detectionsFile, ...extra] = parsed.positionals;
  if (truthFile === undefined || detectionsFile === undefined) {
    return fail('name the ground-truth file and the detections file');
  }
  if (extra.length > 0) return fail(`expected two files, not ${parsed.positionals.length}`);
  try {
    const truth = readCocoGroundTruth(readJsonFile(context, truthFile), truthFile);
    const detections = readCocoDetections(readJsonFile(context, detectionsFile), detectionsFile, truth);
    for (const note of [...truth.notes, ...detections.notes]) context.err(`train-studio eval-coco: ${note}`);
    context.out(JSON.stringify(evaluateCoco(truth, detections).stats));
    return 0;
  } catch (error) {
    if (!(error instanceof UnreadableFile || error instanceof CocoFormatError)) throw error;
    context.err(`train-studio eval-coco: ${error.message}.`);
    return 1;
  }
}
