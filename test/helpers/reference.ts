import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SHARED_QB_REFERENCE = path.resolve(repoRoot, '../shared/reference/quickbooks');
export const VENDORED_QB_REFERENCE = path.resolve(repoRoot, 'test/reference/quickbooks');

/** Intuit's reference material: $MLC_QB_REFERENCE, else ../shared beside the repo, else the vendored copy. */
export const QB_REFERENCE_DIR: string =
  process.env.MLC_QB_REFERENCE ??
  (existsSync(SHARED_QB_REFERENCE) ? SHARED_QB_REFERENCE : VENDORED_QB_REFERENCE);

export const QBXML_XSD = path.join(QB_REFERENCE_DIR, 'qbxml-xsd-13.0/qbxmlops130.xsd');
export const INTUIT_WSDL = path.join(QB_REFERENCE_DIR, 'wsdl/QBWebConnectorSvc.wsdl');

/** ShipStation's reference material, chosen like Intuit's (the vendored copy is byte-identical). */
export const SS_REFERENCE_DIR: string = path.resolve(QB_REFERENCE_DIR, '../shipstation');
