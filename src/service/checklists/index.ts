export * from './checklists.ts';
