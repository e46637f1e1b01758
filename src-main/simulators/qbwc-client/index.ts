/**
 * QuickBooks Web Connector (QBWC 2.x) client simulator: polls a QBWC SOAP server exactly like the
 * real Web Connector, with a pluggable QuickBooks backend and fault knobs.
 * Independent peer of the engine: imports nothing from src-main/engine.
 */
export {
  runQbwcSession,
  DEFAULT_CLIENT_VERSION,
  DEFAULT_MAX_NOOPS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_NOOP_DELAY_MS,
  HRESULT_COULD_NOT_START_QB,
  HRESULT_PARSE_ERROR,
  MESSAGE_COULD_NOT_START_QB,
  MESSAGE_PARSE_ERROR,
  QB_COUNTRY,
  type QuickBooksBackend,
  type QbwcSessionOptions,
  type QbwcSessionOutcome,
  type QbwcSessionReport,
} from './session.js';
export { QbwcScheduler, type QbwcSchedulerOptions } from './scheduler.js';
export {
  QbwcSoapClient,
  DEFAULT_CALL_TIMEOUT_MS,
  QBWC_USER_AGENT,
  type QbwcCallRecord,
  type QbwcIncomingResponse,
  type QbwcOutgoingRequest,
  type QbwcSoapClientOptions,
  type RawSoapResponse,
} from './soap-client.js';
export {
  QbwcAbortedError,
  QbwcClientError,
  QbwcHttpError,
  QbwcProtocolError,
  QbwcSoapFault,
  QbwcTimeoutError,
  QbwcTransportError,
} from './errors.js';
export {
  buildRequestEnvelope,
  escapeXmlText,
  parseEnvelope,
  soapActionFor,
  QBWC_METHODS,
  QBWC_METHOD_PARAMS,
  QBWC_NS,
  SOAP11_ENV_NS,
  type ParsedEnvelope,
  type ParsedFault,
  type QbwcMethod,
  type SoapParamValue,
} from './envelope.js';
