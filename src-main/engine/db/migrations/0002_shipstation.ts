import type { Migration } from '../migrate';

/** ShipStation side: stores, orders, shipments (labels and external fulfillments), ingest watermarks, webhooks. */
export const m0002ShipStation: Migration = {
  id: 2,
  name: 'shipstation',
  sql: `
CREATE TABLE ss_stores (
  store_id      TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  marketplace   TEXT,
  active        INTEGER NOT NULL,
  sync_enabled  INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL
);

CREATE TABLE orders (
  order_id       TEXT PRIMARY KEY,
  order_number   TEXT NOT NULL,
  store_id       TEXT,
  ss_status      TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received','flagged','validated','queued','posted','cancelled','ignored','failed')),
  modify_date    TEXT NOT NULL,
  order_date     TEXT,
  customer_email TEXT,
  customer_name  TEXT,
  order_total    REAL NOT NULL,
  data           TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  revision       INTEGER NOT NULL DEFAULT 1,
  collision      INTEGER NOT NULL DEFAULT 0,
  first_seen_at  TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX orders_number ON orders(order_number);
CREATE INDEX orders_status ON orders(status, order_date);
CREATE INDEX orders_store ON orders(store_id, order_date);

CREATE TABLE shipments (
  shipment_id     TEXT PRIMARY KEY,
  source          TEXT NOT NULL CHECK (source IN ('label', 'fulfillment')),
  order_id        TEXT,
  order_number    TEXT,
  ship_date       TEXT,
  create_date     TEXT NOT NULL,
  voided          INTEGER NOT NULL DEFAULT 0,
  void_date       TEXT,
  tracking_number TEXT,
  carrier_code    TEXT,
  service_code    TEXT,
  cost            REAL,
  data            TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  first_seen_at   TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX shipments_order ON shipments(order_id);
CREATE INDEX shipments_number ON shipments(order_number);
CREATE INDEX shipments_ship_date ON shipments(ship_date);

CREATE TABLE ingest_state (
  resource      TEXT PRIMARY KEY,
  watermark     TEXT,
  last_run_at   TEXT,
  last_count    INTEGER,
  last_error    TEXT
);

CREATE TABLE webhook_deliveries (
  id            INTEGER PRIMARY KEY,
  received_at   TEXT NOT NULL,
  api_version   TEXT NOT NULL,
  resource_type TEXT,
  resource_url  TEXT,
  body_hash     TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('pending', 'done', 'refused', 'failed', 'duplicate')),
  detail        TEXT,
  processed_at  TEXT
);
CREATE INDEX webhook_deliveries_hash ON webhook_deliveries(body_hash, received_at);

CREATE TABLE sync_runs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  trigger       TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  ok            INTEGER,
  summary       TEXT
);
`,
};
