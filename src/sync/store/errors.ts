// The state database cannot be used as it is, and retrying will not help: the
// user has to act (update Notion Sync, move something away). Callers show the
// message as it is (the CLI exits 2), never a stack trace.
export class StateStoreUnusableError extends Error {
  override readonly name = 'StateStoreUnusableError';
}
