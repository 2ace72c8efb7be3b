/** A push or create that must not be sent (and is not retried): the message says why. */
export class PushRefused extends Error {
  override readonly name = 'PushRefused';
}
