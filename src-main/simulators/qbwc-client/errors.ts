/** Errors raised by the QBWC client simulator. All extend QbwcClientError. */

export class QbwcClientError extends Error {
  override readonly name: string = 'QbwcClientError';
  constructor(
    message: string,
    /** The web method being called when the error happened. */
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server answered with a SOAP Fault (any HTTP status). */
export class QbwcSoapFault extends QbwcClientError {
  override readonly name = 'QbwcSoapFault';
  constructor(
    method: string,
    readonly faultcode: string,
    readonly faultstring: string,
    readonly httpStatus: number,
    readonly detail?: unknown,
    readonly faultactor?: string,
  ) {
    super(`SOAP Fault from ${method}: ${faultcode}: ${faultstring}`, method);
  }
}

/** Non-2xx HTTP status without a SOAP Fault body. */
export class QbwcHttpError extends QbwcClientError {
  override readonly name = 'QbwcHttpError';
  constructor(
    method: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${method}: ${body.slice(0, 200)}`, method);
  }
}

/** The response was not a usable SOAP answer for the method (bad XML, wrong element, non-int…). */
export class QbwcProtocolError extends QbwcClientError {
  override readonly name = 'QbwcProtocolError';
  constructor(
    method: string,
    message: string,
    readonly body?: string,
    options?: { cause?: unknown },
  ) {
    super(`${method}: ${message}`, method, options);
  }
}

/** The call did not complete within the per-call timeout. */
export class QbwcTimeoutError extends QbwcClientError {
  override readonly name = 'QbwcTimeoutError';
  constructor(
    method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: no response within ${timeoutMs} ms`, method);
  }
}

/** The caller's AbortSignal fired. */
export class QbwcAbortedError extends QbwcClientError {
  override readonly name = 'QbwcAbortedError';
  constructor(method: string, options?: { cause?: unknown }) {
    super(`${method}: aborted`, method, options);
  }
}

/** Connection refused/reset etc. */
export class QbwcTransportError extends QbwcClientError {
  override readonly name = 'QbwcTransportError';
  constructor(method: string, cause: unknown) {
    super(`${method}: ${(cause as Error)?.message ?? String(cause)}`, method, { cause });
  }
}
