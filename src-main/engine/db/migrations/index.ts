import type { Migration } from '../migrate';
import { m0001Foundation } from './0001_foundation';
import { m0002ShipStation } from './0002_shipstation';
import { m0003Sync } from './0003_sync';
import { m0004Lifecycle } from './0004_lifecycle';
import { m0005SalesTax } from './0005_sales_tax';
import { m0006Refusals } from './0006_refusals';
import { m0007ItemFields } from './0007_item_fields';
import { m0008Names } from './0008_names';
import { m0009Shipments } from './0009_shipments';
import { m0010LabelStatus } from './0010_label_status';

/** Every migration, in order. Append only: an applied migration is never edited (the runner checks). */
export const migrations: readonly Migration[] = [
  m0001Foundation,
  m0002ShipStation,
  m0003Sync,
  m0004Lifecycle,
  m0005SalesTax,
  m0006Refusals,
  m0007ItemFields,
  m0008Names,
  m0009Shipments,
  m0010LabelStatus,
];
