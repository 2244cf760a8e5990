/**
 * The trace graph's view model: pure functions, no DOM, no ELK runtime (types only), so that
 * everything runs and is unit-tested in plain Node. One module per concern, gathered here.
 */
export * from './kinds';
export * from './filter';
export * from './labels';
export * from './layering';
export * from './geometry';
export * from './navigation';
export * from './viewport';
