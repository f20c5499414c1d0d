// The COCO box evaluation (pycocotools' COCOeval, iouType 'bbox') on columns of boxes or on COCO files.
export { COCO_STAT_NAMES } from './accumulate';
export {
  CocoFormatError,
  evaluateCoco,
  readCocoDetections,
  readCocoGroundTruth,
  type CocoCategoryResult,
  type CocoDetections,
  type CocoFileEvaluation,
  type CocoGroundTruth,
} from './files';
export { IOU_THRESHOLDS } from './params';
