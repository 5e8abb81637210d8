/** The protocol's error body: `{"error":{"message","type","param","code"}}`. */
export interface ErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

/** An HTTP error the server answers with, in the protocol's error shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body to send. */
  toBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 400 `invalid_request_error`. */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, message, 'invalid_request_error', param, code);
}

/** 404 `invalid_request_error`, as OpenAI answers unknown ids. */
export function notFound(message: string, param: string | null = null): ApiError {
  return new ApiError(404, message, 'invalid_request_error', param, null);
}

/** The exact error OpenAI gives for a missing, expired, deleted or unstored predecessor. */
export function previousResponseNotFound(id: string): ApiError {
  return invalidRequest(
    `Previous response with id '${id}' not found.`,
    'previous_response_id',
    'previous_response_not_found',
  );
}
