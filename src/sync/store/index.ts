export { openStateStore, StateStore, DEFAULT_FLUSH_DELAY_MS, type StateStoreOptions } from './stateStore';
export { backoffDelayMs, type BackoffOptions } from './backoff';
export { DEFAULT_MAX_RETRIES, defaultDedupeKey } from './queue';
export { StateStoreLockedError } from './lock';
export { StateStoreUnusableError } from './errors';
export { loadMigrations, latestVersion, type Migration } from './migrations';
export * from './types';
