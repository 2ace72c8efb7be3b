// The Notion gateway and its conversions, for the engine.
export * from './errors';
export * from './gateway';
export * from './ids';
export * from './markdown';
export * from './properties';
export * from './types';
export { planAppend, splitBlock } from './blocks';
export { BudgetLimiter, type LimiterStatus, type ThrottleReason } from './budgetLimiter';
export { backoffDelay } from './backoff';
