import { CheckpointError, inferenceTensors } from '../checkpoint';
import type { StoredCheckpoint } from '../checkpoint';
import type { Network } from '../contracts';
import { assignVariable, byName, sameShape } from './variables';

// Fine-tuning starts from an earlier checkpoint's weights (its EMA ones when it kept an average), matched
// by name and shape. Only the weights move over: optimizer state, schedule and epoch start afresh.

export interface ClassMapping {
  /** Each of the checkpoint's classes and its index in this run's class list, or null when dropped. */
  readonly classes: readonly { readonly name: string; readonly from: number; readonly to: number | null }[];
  /** This run's classes the checkpoint did not know. */
  readonly added: readonly string[];
  readonly dropped: readonly string[];
  /** Whether the class-dependent head layers were re-initialised, which any change of the list requires. */
  readonly headReinitialised: boolean;
}

export interface FineTuneReport {
  readonly mapping: ClassMapping;
  /** Weights and statistics taken from the checkpoint, and how many the network has. */
  readonly loaded: number;
  readonly total: number;
  /** Non-head weights the checkpoint lacked or had in another shape; they keep their initial values. */
  readonly unmatched: readonly string[];
}

export function mapClasses(from: readonly string[], to: readonly string[]): ClassMapping {
  const classes = from.map((name, index) => {
    const target = to.indexOf(name);
    return { name, from: index, to: target === -1 ? null : target };
  });
  const same = from.length === to.length && from.every((name, index) => to[index] === name);
  return {
    classes,
    added: to.filter((name) => !from.includes(name)),
    dropped: from.filter((name) => !to.includes(name)),
    headReinitialised: !same,
  };
}

export function describeMapping(mapping: ClassMapping): string {
  if (!mapping.headReinitialised) return 'the class list is the same, so the head is kept';
  const moves = mapping.classes.map(({ name, from, to }) =>
    to === null ? `${name} (${from}) dropped` : `${name} ${from} → ${to}`,
  );
  const added = mapping.added.length > 0 ? `; new: ${mapping.added.join(', ')}` : '';
  return `the class list differs, so the head is re-initialised; classes: ${moves.join(', ')}${added}`;
}

/** Loads the checkpoint's weights into a freshly built network of the same architecture. */
export function initialiseFrom(
  network: Network,
  checkpoint: StoredCheckpoint,
  classes: readonly string[],
): FineTuneReport {
  const { model } = checkpoint.sidecar;
  if (model.arch !== network.spec.arch) {
    throw new CheckpointError({
      file: checkpoint.path,
      message: `the checkpoint is a '${model.arch}' model, but this run trains '${network.spec.arch}'`,
      hint: `Fine-tune a '${model.arch}' model from it, or pick a checkpoint of a '${network.spec.arch}' run.`,
    });
  }
  const mapping = mapClasses(model.classes, classes);
  const stored = byName(inferenceTensors(checkpoint));
  const variables = [...network.trainable, ...network.state];
  const unmatched: string[] = [];
  let loaded = 0;
  for (const { name, variable } of variables) {
    if (mapping.headReinitialised && network.headWeightNames.has(name)) continue;
    const tensor = stored.get(name);
    if (tensor === undefined || !sameShape(tensor.shape, variable.shape)) {
      unmatched.push(name);
      continue;
    }
    assignVariable(variable, tensor);
    loaded += 1;
  }
  return { mapping, loaded, total: variables.length, unmatched };
}
