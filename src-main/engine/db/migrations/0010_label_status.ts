import type { Migration } from '../migrate';

/**
 * Only a label that exists ships: ShipStation V2's label_status (processing, completed, error,
 * voided) and return labels (V1 isReturnLabel, V2 is_return_label) are kept, and `ships` (derived)
 * says whether the row counts as a shipment: not voided, completed, not a return. Every query of
 * what shipped reads `ships`.
 */
export const m0010LabelStatus: Migration = {
  id: 10,
  name: 'label_status',
  sql: `
ALTER TABLE shipments ADD COLUMN label_status TEXT NOT NULL DEFAULT 'completed'
  CHECK (label_status IN ('processing', 'completed', 'error', 'voided'));
ALTER TABLE shipments ADD COLUMN is_return INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN ships INTEGER
  GENERATED ALWAYS AS (voided = 0 AND label_status = 'completed' AND is_return = 0) VIRTUAL;
UPDATE shipments SET label_status = 'voided' WHERE voided = 1;
CREATE INDEX shipments_processing ON shipments(label_status) WHERE label_status = 'processing';
`,
};
