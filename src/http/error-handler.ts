import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpProblem } from './problem.ts';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  code?: string;
  limit?: number;
}

function toProblem(error: BodyParserError): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed-json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new HttpProblem(413, 'body-too-large', `the request body is over the limit of ${error.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported-encoding', error.message);
    case 'request.aborted':
      return new HttpProblem(400, 'request-aborted', 'the client aborted the request');
  }
  if (error.code === 'LIMIT_FILE_SIZE') return new HttpProblem(413, 'file-too-large', 'the uploaded file is over the size limit');
  if (error.name === 'MulterError') return new HttpProblem(400, 'bad-upload', error.message);
  return undefined;
}

/**
 * Renders every error as `application/problem+json`. Known client errors keep their status; anything else is a 500
 * whose body says only the request id, while the log gets the stack.
 */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, _next) => {
    const problem = toProblem(error);
    const requestId = String(req.id ?? '');
    if (!problem) logger.error({ err: error, requestId, method: req.method, url: req.originalUrl }, 'request failed');
    const rendered = problem ?? new HttpProblem(500, 'internal-error', `the service failed to handle the request (request id ${requestId})`);
    if (res.headersSent) return;
    if (rendered.status === 405 && rendered.extensions.allow) res.set('Allow', String(rendered.extensions.allow));
    res.status(rendered.status).type('application/problem+json').json({ ...rendered.toBody(), ...(rendered.status >= 500 ? { request_id: requestId } : {}) });
  };
}
