export type { EventLog, SkippedLine } from './eventLog';
export { readEventLog, readEvents } from './eventLog';
export type { LogLevel, RunShape } from './humanLog';
export { eventLevel, formatDuration, formatEvent } from './humanLog';
export type { LogRebuild } from './rebuildLogs';
export { rebuildLogs } from './rebuildLogs';
export type { RunLogOptions } from './runLog';
export { RunLog } from './runLog';
export { logStack } from './stackLog';
