import { XMLBuilder } from 'fast-xml-parser';
import { stripInvalidXmlChars } from './limits';
import { assertElementName, toOrderedNodes, type OrderedNode, type XmlBody } from './xmlBody';

/** The qbXML version we author requests for. */
export const QBXML_VERSION = '13.0';
/** Oldest qbXML version we are willing to talk (QuickBooks 2009 / SDK 8.0). */
export const MIN_QBXML_VERSION = '8.0';

export interface QbxmlRequest {
  /** Request element name, e.g. 'CustomerQueryRq'. */
  type: string;
  requestID?: string;
  /** Other attributes of the request element: iterator, iteratorID, metaData. */
  attrs?: Record<string, string>;
  /** Child elements, in schema order. */
  body: XmlBody;
}

export interface QbxmlDocumentOptions {
  version?: string;
  onError?: 'stopOnError' | 'continueOnError';
  newMessageSetID?: string;
  oldMessageSetID?: string;
}

const REQUEST_TYPE = /^[A-Z][A-Za-z0-9]*Rq$/;
const ATTR_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const VERSION = /^\d{1,2}\.\d{1,2}$/;
// QuickBooks rejects longer request IDs with status 1060.
const MAX_REQUEST_ID = 50;

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: true,
  format: false,
});

function requestNode(req: QbxmlRequest, index: number): OrderedNode {
  const where = `request #${index + 1} (${req.type})`;
  if (!REQUEST_TYPE.test(req.type))
    throw new Error(`${where}: request type must be an element name ending in 'Rq'`);
  const attrs: Record<string, string> = {};
  if (req.requestID !== undefined) {
    if (req.requestID.length === 0 || req.requestID.length > MAX_REQUEST_ID) {
      throw new Error(`${where}: requestID must be 1-${MAX_REQUEST_ID} characters`);
    }
    attrs['@_requestID'] = stripInvalidXmlChars(req.requestID);
  }
  for (const [name, value] of Object.entries(req.attrs ?? {})) {
    if (!ATTR_NAME.test(name) || name === 'requestID')
      throw new Error(`${where}: invalid attribute name ${JSON.stringify(name)}`);
    attrs[`@_${name}`] = stripInvalidXmlChars(value);
  }
  assertElementName(req.type, where);
  const node: OrderedNode = { [req.type]: toOrderedNodes(req.body, req.type) };
  if (Object.keys(attrs).length > 0) node[':@'] = attrs;
  return node;
}

/**
 * Builds a complete qbXML request document. Requests keep their order (QuickBooks processes them in sequence, and
 * with stopOnError everything after the first failure is skipped).
 */
export function buildQbxmlDocument(
  requests: readonly QbxmlRequest[],
  opts: QbxmlDocumentOptions = {},
): string {
  if (requests.length === 0) throw new Error('buildQbxmlDocument: at least one request is required');
  const version = opts.version ?? QBXML_VERSION;
  if (!VERSION.test(version))
    throw new Error(`buildQbxmlDocument: invalid qbXML version ${JSON.stringify(version)}`);
  const onError = opts.onError ?? 'continueOnError';
  if (onError !== 'stopOnError' && onError !== 'continueOnError')
    throw new Error(`buildQbxmlDocument: invalid onError ${JSON.stringify(onError)}`);

  const msgsAttrs: Record<string, string> = {};
  if (opts.oldMessageSetID !== undefined)
    msgsAttrs['@_oldMessageSetID'] = stripInvalidXmlChars(opts.oldMessageSetID);
  if (opts.newMessageSetID !== undefined)
    msgsAttrs['@_newMessageSetID'] = stripInvalidXmlChars(opts.newMessageSetID);
  msgsAttrs['@_onError'] = onError;

  const tree: OrderedNode[] = [{ QBXML: [{ QBXMLMsgsRq: requests.map(requestNode), ':@': msgsAttrs }] }];
  // The two processing-instruction lines are the only hand-written XML.
  return `<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="${version}"?>\n${builder.build(tree) as string}`;
}

function compareVersions(aMajor: number, aMinor: number, bMajor: number, bMinor: number): number {
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

function splitVersion(v: string): [number, number] {
  const [major, minor] = v.split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

/**
 * Picks the qbXML version to put in the <?qbxml?> header from the highest version QuickBooks reports (QBWC passes
 * qbXMLMajorVers/qbXMLMinorVers to sendRequestXML). We author 13.0; an older QuickBooks gets its own version
 * (builders only use elements that exist since 8.0, except where noted); below 8.0 we refuse.
 */
export function negotiateQbxmlVersion(major: number, minor: number): string {
  if (!Number.isInteger(major) || !Number.isInteger(minor) || major < 0 || minor < 0) {
    throw new Error(`negotiateQbxmlVersion: invalid version ${major}.${minor}`);
  }
  const [maxMajor, maxMinor] = splitVersion(QBXML_VERSION);
  const [minMajor, minMinor] = splitVersion(MIN_QBXML_VERSION);
  if (compareVersions(major, minor, maxMajor, maxMinor) >= 0) return QBXML_VERSION;
  if (compareVersions(major, minor, minMajor, minMinor) < 0) {
    throw new Error(
      `This QuickBooks supports qbXML only up to ${major}.${minor}; ml-connector needs at least qbXML ${MIN_QBXML_VERSION} (QuickBooks 2009 or newer)`,
    );
  }
  return `${major}.${minor}`;
}

/** Same negotiation from HostRet/SupportedQBXMLVersion values (e.g. ['1.0', ..., '13.0', 'CA3.0']). */
export function pickQbxmlVersion(supported: readonly string[]): string {
  const numeric = supported.filter((v) => VERSION.test(v)).map(splitVersion);
  if (numeric.length === 0) throw new Error('pickQbxmlVersion: QuickBooks reported no usable qbXML version');
  numeric.sort((a, b) => compareVersions(b[0], b[1], a[0], a[1]));
  const [maxMajor, maxMinor] = splitVersion(QBXML_VERSION);
  const best = numeric.find(([ma, mi]) => compareVersions(ma, mi, maxMajor, maxMinor) <= 0) ?? numeric[0]!;
  return negotiateQbxmlVersion(best[0], best[1]);
}
