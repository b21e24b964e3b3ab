export * from './types.ts';
export { createContract, listContracts, getContract, contractRowFor } from './contracts.ts';
