// kernel: the vocabulary every other module shares — branded ids and units, the error
// catalogue, batch item results and exhaustiveness checks. It imports nothing of the project.
export type { Brand } from './brand.ts';
export * from './ids.ts';
export * from './units.ts';
export * from './errors.ts';
export { schemaReason, type SchemaError } from './schema-reasons.ts';
export * from './result.ts';
export { assertNever } from './assert.ts';
export * from './csv.ts';
export * from './charset.ts';
export { subtreeIds } from './tree.ts';
export { tsWorkerSource } from './ts-worker.ts';
export { createRng, type Rng } from './random.ts';
export { reservedNames, isReservedName, reservedNameReason, clip } from './names.ts';
export { yieldToEventLoop, createYielder, type Yielder } from './yield.ts';
export * from './money.ts';
export * from './time/index.ts';
