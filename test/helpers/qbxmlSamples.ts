import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { QB_REFERENCE_DIR } from './reference';

/** Root of the captured QuickBooks reference material; override with MLC_QB_REFERENCE. */
export const QB_REFERENCE = QB_REFERENCE_DIR;

export function readSample(relPath: string): string {
  return readFileSync(path.join(QB_REFERENCE, 'samples', relPath), 'utf8');
}

const envelopeParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, removeNSPrefix: true });
// Some captures carry the QBXML as literal child elements of <response> instead of escaped text: keep it raw.
const rawResponseParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  removeNSPrefix: true,
  stopNodes: ['*.response'],
});

type Envelope = { Envelope?: { Body?: { receiveResponseXML?: { response?: unknown } } } };

/**
 * The QBXML string QBWC posted in a receiveResponseXML SOAP envelope (escaped text or literal markup inside
 * <response>). Throws if `soapXml` is not such an envelope.
 */
export function unwrapReceiveResponseXml(soapXml: string): string {
  const parsed = envelopeParser.parse(soapXml) as Envelope;
  const response = parsed.Envelope?.Body?.receiveResponseXML?.response;
  if (response === undefined) throw new Error('not a receiveResponseXML SOAP envelope');
  if (typeof response === 'string') return response;
  const raw = (rawResponseParser.parse(soapXml) as Envelope).Envelope?.Body?.receiveResponseXML?.response;
  if (typeof raw !== 'string') throw new Error('could not read the raw <response> content');
  return raw;
}

/** A sample file's QBXML: unwrapped from its SOAP envelope when it has one. */
export function loadQbxmlResponseSample(relPath: string): string {
  const text = readSample(relPath);
  return text.includes('receiveResponseXML') ? unwrapReceiveResponseXml(text) : text;
}
