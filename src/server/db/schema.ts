// Every capability's tables, gathered for Drizzle (queries) and drizzle-kit (migrations).
export * from '../modules/system/tables';
export * from '../modules/units/tables';
export * from '../modules/accounts/tables';
export * from '../modules/audit/tables';
export * from '../modules/criteria/tables';
export * from '../modules/values/tables';
export * from '../modules/notifications/tables';
export * from '../modules/targets/tables';
export * from '../modules/recognition/tables';
export * from '../modules/feedback/tables';
export * from '../modules/surveys/tables';
export * from '../modules/ocop/tables';
