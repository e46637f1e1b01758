import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QBXML_XSD as REFERENCE_XSD } from './reference';

/** The qbXML 13.0 schema entry point; override with MLC_QBXML_XSD. */
export const QBXML_XSD = process.env.MLC_QBXML_XSD ?? REFERENCE_XSD;

/**
 * Validates a qbXML document against the 13.0 schema with xmllint. `errors` is xmllint's report (file name
 * replaced by "doc.xml"), empty when valid. Throws if xmllint or the schema cannot be found, so a broken setup
 * never passes for "invalid".
 */
export function validateQbxml(xml: string): { ok: boolean; errors: string } {
  if (!existsSync(QBXML_XSD)) throw new Error(`qbXML schema not found at ${QBXML_XSD} (set MLC_QBXML_XSD)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'mlc-qbxml-'));
  const file = path.join(dir, 'doc.xml');
  try {
    writeFileSync(file, xml, 'utf8');
    const r = spawnSync('xmllint', ['--noout', '--schema', QBXML_XSD, file], { encoding: 'utf8' });
    if (r.error) throw new Error(`could not run xmllint: ${r.error.message}`);
    const report = (r.stderr ?? '').split(file).join('doc.xml').trim();
    if (r.status === 0) return { ok: true, errors: '' };
    // Exit codes 1-4 are document problems (parse/validation); anything else is a setup problem.
    if (r.status === null || r.status > 4)
      throw new Error(`xmllint failed (exit ${String(r.status)}): ${report}`);
    return { ok: false, errors: report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
