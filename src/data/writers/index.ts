export { COCO_ALL_ITEMS, writeCoco } from './coco';
export type { CocoWriteOptions, CocoWriteResult } from './coco';
export { OUTPUT_MARKER, OutputFolderError } from './outputFolder';
export type { SkippedObject } from './writeResult';
export { IMAGE_MODES, writeYolo } from './yolo';
export type { ImageMode, YoloEntry, YoloTaskType, YoloWriteOptions, YoloWriteResult } from './yolo';
