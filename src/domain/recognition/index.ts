export * from './types';
export * from './calendar';
export * from './template';
export * from './select';
export * from './state';
export * from './check';
export { formatPath, formatZodIssues, isoDateSchema } from './zod-messages';
