import type { Migration } from '../migrate';

/** Settings, QBWC sessions, the QBXML outbox, the QuickBooks mirror and the append-only audit trail. */
export const m0001Foundation: Migration = {
  id: 1,
  name: 'foundation',
  sql: `
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE qbwc_sessions (
  id            INTEGER PRIMARY KEY,
  ticket_hash   TEXT NOT NULL UNIQUE,
  username      TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('open', 'closed', 'expired', 'error')),
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  closed_at     TEXT,
  company_file  TEXT,
  qbxml_version TEXT,
  client_version TEXT,
  requests      INTEGER NOT NULL DEFAULT 0,
  responses     INTEGER NOT NULL DEFAULT 0,
  jobs_done     INTEGER NOT NULL DEFAULT 0,
  jobs_failed   INTEGER NOT NULL DEFAULT 0,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  result        TEXT
);

CREATE TABLE outbox (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL,
  payload        TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'done', 'failed')),
  priority       INTEGER NOT NULL DEFAULT 100,
  dedup_key      TEXT,
  order_number   TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  max_attempts   INTEGER NOT NULL DEFAULT 3,
  uncertain      INTEGER NOT NULL DEFAULT 0,
  session_id     INTEGER REFERENCES qbwc_sessions(id),
  iterator_id    TEXT,
  progress       TEXT,
  request_xml    TEXT,
  message_set_id TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  sent_at        TEXT,
  finished_at    TEXT,
  status_code    INTEGER,
  status_message TEXT,
  result         TEXT
);
CREATE UNIQUE INDEX outbox_active_dedup ON outbox(dedup_key)
  WHERE status IN ('pending', 'sent') AND dedup_key IS NOT NULL;
CREATE INDEX outbox_queue ON outbox(status, priority, id);
CREATE INDEX outbox_session ON outbox(session_id, status);

CREATE TABLE qb_company (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  company_name   TEXT,
  company_file   TEXT,
  product_name   TEXT,
  country        TEXT,
  qbxml_versions TEXT,
  updated_at     TEXT NOT NULL
);

CREATE TABLE qb_customers (
  list_id        TEXT PRIMARY KEY,
  full_name      TEXT NOT NULL,
  name           TEXT NOT NULL,
  company_name   TEXT,
  email          TEXT,
  phone          TEXT,
  first_name     TEXT,
  last_name      TEXT,
  is_active      INTEGER NOT NULL,
  edit_sequence  TEXT NOT NULL,
  time_modified  TEXT NOT NULL,
  seen_run       INTEGER NOT NULL DEFAULT 0,
  deleted_at     TEXT,
  raw            TEXT NOT NULL
);
CREATE INDEX qb_customers_full_name ON qb_customers(full_name COLLATE NOCASE);
CREATE INDEX qb_customers_email ON qb_customers(email COLLATE NOCASE);

CREATE TABLE qb_items (
  list_id          TEXT PRIMARY KEY,
  full_name        TEXT NOT NULL,
  name             TEXT NOT NULL,
  item_type        TEXT NOT NULL,
  sku              TEXT,
  description      TEXT,
  sales_price      REAL,
  quantity_on_hand REAL,
  is_active        INTEGER NOT NULL,
  edit_sequence    TEXT NOT NULL,
  time_modified    TEXT NOT NULL,
  seen_run         INTEGER NOT NULL DEFAULT 0,
  deleted_at       TEXT,
  raw              TEXT NOT NULL
);
CREATE INDEX qb_items_full_name ON qb_items(full_name COLLATE NOCASE);
CREATE INDEX qb_items_name ON qb_items(name COLLATE NOCASE);

CREATE TABLE mirror_state (
  entity          TEXT PRIMARY KEY,
  watermark       TEXT,
  page_size       INTEGER,
  last_run_at     TEXT,
  last_full_at    TEXT,
  last_count      INTEGER,
  last_duration_ms INTEGER,
  full_requested  INTEGER NOT NULL DEFAULT 0,
  run_counter     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  category     TEXT NOT NULL,
  event        TEXT NOT NULL,
  order_number TEXT,
  ss_ref       TEXT,
  qb_ref       TEXT,
  status_code  INTEGER,
  message      TEXT NOT NULL,
  data         TEXT
);
CREATE INDEX audit_order ON audit_log(order_number, id);
CREATE INDEX audit_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};
