export * from './passport.ts';
