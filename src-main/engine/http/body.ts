import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Reads a request body, refusing (413) anything over `limit` bytes before buffering it all. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new HttpError(413, 'body_too_large', `Request body over the ${limit}-byte limit.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.resume();
        reject(new HttpError(413, 'body_too_large', `Request body over the ${limit}-byte limit.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        // The client hung up mid-body (or the socket broke): a client problem, not an engine error.
        reject(new HttpError(400, 'aborted', `The request body was not received completely: ${err.message}`));
      }
    });
    req.on('close', () => {
      if (!done) {
        done = true;
        reject(new HttpError(400, 'aborted', 'The request body was not received completely.'));
      }
    });
  });
}
