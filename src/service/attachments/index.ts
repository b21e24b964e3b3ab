export * from './magic.ts';
export * from './blobs.ts';
export * from './attachments.ts';
export * from './sign-off.ts';
export * from './as-built.ts';
