// Execution core (pure): OEE per station after ISO 22400-2 from reported runs and calendars.
export { computeOee, type Oee, type OeeFlag, type OeeFlagCode, type RunInterval } from './oee.ts';
