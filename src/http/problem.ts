/** One failing field of a request, as listed in a problem body. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** The RFC 9457 `application/problem+json` body every 4xx/5xx carries. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error that the error handler renders as a problem body with its status.
 * `type` is a short machine-readable slug; the body carries it as `urn:problem:<slug>`.
 *
 * ```ts
 * throw new HttpProblem(404, 'item-not-found', `no item with id ${id}`);
 * ```
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly type: string;
  readonly errors: ProblemFieldError[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, type: string, detail: string, options: { errors?: ProblemFieldError[]; extensions?: Record<string, unknown> } = {}) {
    super(detail);
    this.status = status;
    this.type = type;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }

  toBody(): ProblemBody {
    return {
      type: `urn:problem:${this.type}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}
