// Notion-shaped errors. Codes are from the SDK's APIErrorCode enum, so the SDK
// turns them into APIResponseError and applies its retry rules.
export type ErrorCode =
  | 'unauthorized'
  | 'restricted_resource'
  | 'object_not_found'
  | 'rate_limited'
  | 'invalid_json'
  | 'invalid_request_url'
  | 'invalid_request'
  | 'validation_error'
  | 'missing_version'
  | 'conflict_error'
  | 'internal_server_error'
  | 'service_overload'
  | 'service_unavailable'
  | 'gateway_timeout';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly additionalData?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(requestId: string): Record<string, unknown> {
    const body: Record<string, unknown> = { object: 'error', status: this.status, code: this.code, message: this.message, request_id: requestId };
    if (this.additionalData) body.additional_data = this.additionalData;
    return body;
  }
}

export function validationError(message: string): ApiError {
  return new ApiError(400, 'validation_error', message);
}

export function notFound(kind: string, id: string): ApiError {
  return new ApiError(
    404,
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}
