// Bounds that keep validation fast and safe on any input, however large or hostile.

/** Longer texts are not validated; one information finding says so. */
export const MAX_CONFIG_TEXT_LENGTH = 5_000_000;

/** Config files need a handful of levels; deeper nesting is refused before any recursive step sees it. */
export const MAX_NESTING_DEPTH = 100;

/** YAML aliases may repeat content exponentially ("billion laughs"); expansion stops after this many nodes. */
export const MAX_ALIAS_NODES = 100_000;
