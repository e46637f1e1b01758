import type { Migration } from '../migrate';

/**
 * A QuickBooks refusal that cannot succeed when sent again unchanged: what it was said of (the
 * content and the list entries it names) and QuickBooks' words, so Retry can say so.
 */
export const m0006Refusals: Migration = {
  id: 6,
  name: 'refusals',
  sql: `
ALTER TABLE postings ADD COLUMN refused_fingerprint TEXT;
ALTER TABLE postings ADD COLUMN refused_status INTEGER;
ALTER TABLE postings ADD COLUMN refused_at TEXT;
`,
};
