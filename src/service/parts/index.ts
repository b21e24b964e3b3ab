export * from './catalogue.ts';
export * from './stock.ts';
