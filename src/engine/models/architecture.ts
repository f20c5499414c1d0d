import type { EngineTask, NetworkSpec, TaskHead } from '../contracts';
import type { Graph, GraphBuilder } from './graph';

export interface ArchitectureInfo {
  readonly task: EngineTask;
  readonly title: string;
  readonly description: string;
}

/** Loss settings a run may choose. */
export interface HeadOptions {
  /** Classification: the share of each target's probability spread evenly over all classes (default 0). */
  readonly labelSmoothing?: number;
}

/** An architecture: its graph for a class count, and the head that trains and decodes its outputs. */
export interface Architecture {
  readonly info: ArchitectureInfo;
  build(builder: GraphBuilder, numClasses: number): Graph;
  head(spec: NetworkSpec, options: HeadOptions): TaskHead;
}
