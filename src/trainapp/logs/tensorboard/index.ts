export { fileVersionRecord, scalarsRecord } from './records';
export { TensorBoardWriter, isTensorBoardFile, newTensorBoardFileName, wallTimeOf } from './writer';
