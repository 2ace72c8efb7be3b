// Public surface of the webhook receiver, for the engine, the CLI and the extension.
export * from './events';
export * from './receiver';
