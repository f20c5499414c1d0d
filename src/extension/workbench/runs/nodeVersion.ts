// The trainer needs Node 20.15 or newer (package.json's engines.node): older ones lack APIs it uses.

const MINIMUM_NODE = { major: 20, minor: 15 } as const;
export const MINIMUM_NODE_TEXT = `${String(MINIMUM_NODE.major)}.${String(MINIMUM_NODE.minor)}`;

export interface NodeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** `v20.20.2` as `node --version` prints it; undefined for anything else. */
export function parseNodeVersion(text: string): NodeVersion | undefined {
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const [major, minor, patch] = match.slice(1).map(Number);
  return major === undefined || minor === undefined || patch === undefined
    ? undefined
    : { major, minor, patch };
}

export const isSupportedNode = (version: NodeVersion): boolean =>
  version.major > MINIMUM_NODE.major ||
  (version.major === MINIMUM_NODE.major && version.minor >= MINIMUM_NODE.minor);
