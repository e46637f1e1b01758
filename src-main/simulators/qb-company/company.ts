/**
 * QbCompany — a QuickBooks Desktop company file behind the qbXML request processor, for tests,
 * benchmarks and `npm run demo`. It executes whole QBXML documents the way QuickBooks does
 * (schema checks, onError, error recovery message sets, iterators, EditSequence, inventory) and
 * answers with QuickBooks-shaped responses. It shares no code with the product's QBXML builders.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { addressFromSeed, CompanyCore, ITEM_LIST_DEL_TYPE } from './core.js';
import {
  HRESULT_MODAL_DIALOG,
  MODAL_DIALOG_MESSAGE,
  QbHresultError,
  QbStatusError,
  QbxmlDocumentError,
  Status,
  STATUS_OK,
  warningMessage,
  type StatusSeverity,
} from './errors.js';
import { type OffsetFn } from './format.js';
import { HANDLERS, deleteTxnRecord, type RqContext, type RqResult } from './handlers.js';
import {
  handJournalAdd,
  handJournalMod,
  handSalesAdd,
  handSalesMod,
  type HandJournalEntryInput,
  type HandSalesTxnInput,
  type TxnPatch,
} from './hand.js';
import { IteratorStore } from './iterators.js';
import type {
  NameListKind,
  NameRecord,
  AccountRecord,
  CompanySeed,
  CompanySnapshot,
  CustomerRecord,
  DeletedListRecord,
  DeletedTxnRecord,
  ItemRecord,
  JournalEntryRecord,
  SalesTxnRecord,
  SeedAddress,
  SeedCustomer,
  SeedItem,
  TxnOrigin,
  TxnRecord,
} from './model.js';
import { renderCompany, renderHost, renderPreferences, type HostInfo } from './render.js';
import { validateRequest } from './validate.js';
import {
  el,
  nodeChildren,
  nodeName,
  parseDocument,
  serializeDocument,
  type XElement,
  type XmlNode,
} from './xml.js';

export interface QbCompanyOptions {
  /** Path QBWC reports as the open company file. Default `C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\<name>.QBW`. */
  companyFile?: string;
  /** Highest qbXML version this "QuickBooks" supports (HostRet, `<?qbxml version?>` check). Default '13.0'. */
  qbxmlVersion?: string;
  /** The company's clock (TimeCreated/TimeModified, EditSequence, TxnDate defaults, iterator expiry). Default `() => new Date()`. */
  now?: () => Date;
  /** Company-local UTC offset in minutes for timestamps; default: the host's offset at each instant. */
  utcOffsetMinutes?: number;
  /**
   * The QuickBooks machine's time zone (IANA, e.g. America/Los_Angeles): wall times follow its
   * daylight saving time, but every DATETIMETYPE is written with its standard-time offset all year,
   * as real QuickBooks does (CompanyCore.stamp). Overrides utcOffsetMinutes.
   */
  timeZone?: string;
  /** Fixed latency added to every handleRequestXml call (QuickBooks is slow). Default 0. */
  requestDelayMs?: number;
  /** Extra latency per returned Ret element, to model big pages being slower. Default 0. */
  perRetDelayMs?: number;
  /** Idle time after which an iterator is forgotten (QuickBooks: ~20 minutes). Default 20 min. */
  iteratorTtlMs?: number;
  /** HostRet ProductName. */
  productName?: string;
  /** The edition's country (HostRet/Country). Default US. */
  country?: 'US' | 'CA' | 'UK';
  /** Keep at most this many requestLog entries (oldest dropped). Default 10 000. */
  requestLogLimit?: number;
  /**
   * Status of an Invoice/SalesReceipt/JournalEntry query by RefNumber/RefNumberCaseSensitive when NONE
   * of the listed numbers exists. Real QuickBooks answers 500 (Warn, "…There was a required element
   * ("…") that could not be found…"), as it does when only some are missing; see `txnMatch` in
   * handlers.ts for the sources. Default 1 (the simulator's earlier answer, kept until its older
   * tests are updated); pass 500 for QuickBooks' behaviour.
   */
  refNumberNoMatchStatus?: 1 | 500;
}

/** A scripted status for upcoming requests: they are answered with it instead of being executed. */
export interface ForcedStatus {
  /** Request element name, e.g. 'InvoiceAddRq'; any request when omitted. */
  requestType?: string;
  statusCode: number;
  statusSeverity?: StatusSeverity;
  statusMessage?: string;
  /** How many matching requests get it (default 1). */
  times?: number;
}

/**
 * A scripted warning for upcoming requests: they are EXECUTED normally (an Add/Mod is applied and its
 * Ret returned; a query returns its Rets) and answered with this Warn status instead of 0. Status
 * codes 500–999 mean "QuickBooks processed the request and has returned data" (see warningMessage).
 */
export interface ForcedWarning {
  /** Request element name, e.g. 'InvoiceAddRq', 'CustomerQueryRq'; any request when omitted. */
  requestType?: string;
  /** 500–999, e.g. 530 (unsupported field), 550 (notes not saved), 560 (deprecated field). */
  statusCode: number;
  /** Default: QuickBooks' wording for the code (errors.ts warningMessage). */
  statusMessage?: string;
  /** How many matching requests get it (default 1). A request that fails does not use one up. */
  times?: number;
}

export interface QbFaults {
  /** The next Mod request gets statusCode 3200 (stale EditSequence) once, then the knob resets. */
  staleEditSequenceOnce?: boolean;
  /** While true every document is refused with hresult 0x80040408 "Could not start QuickBooks." (QuickBooks busy/modal dialog). */
  busy?: boolean;
  /** Queue of scripted per-request statuses (consumed in order); those requests are NOT executed. */
  forcedStatuses?: ForcedStatus[];
  /** Queue of scripted warnings (consumed in order); those requests ARE executed. */
  forcedWarnings?: ForcedWarning[];
  /** Every document containing this text is refused whole with 0x80040400 (a request QuickBooks cannot read). */
  rejectDocumentsContaining?: string;
}

export interface RequestLogEntry {
  /** Company clock (epoch ms) when the document arrived. */
  at: number;
  /** Request element names in document order. */
  types: string[];
  /** Request document size (UTF-8 bytes). */
  bytes: number;
  responseBytes: number;
  /** Ret elements returned (all requests). */
  retCount: number;
  statusCodes: number[];
  /** Wall time of handleRequestXml including the simulated delay. */
  durationMs: number;
  /** Simulated delay part of durationMs. */
  delayMs: number;
  /** Answered from a stored message set (error recovery) without executing anything. */
  replayed: boolean;
}

export interface CustomerPatch {
  name?: string;
  isActive?: boolean;
  companyName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  notes?: string;
  billAddress?: SeedAddress;
  shipAddress?: SeedAddress;
}

export interface ItemPatch {
  name?: string;
  isActive?: boolean;
  description?: string;
  price?: number;
  cost?: number;
  quantityOnHand?: number;
  barCode?: string;
  manufacturerPartNumber?: string;
  /** Public custom fields to set (an empty value clears the field, as in QuickBooks' item form). */
  customFields?: Record<string, string>;
}

export type ListKind = 'Customer' | 'Item' | 'Account';

const DEFAULT_ITERATOR_TTL_MS = 20 * 60_000;
const SNAPSHOT_FORMAT = 'qb-company-sim/1';

function isSnapshot(x: CompanySeed | CompanySnapshot): x is CompanySnapshot {
  return (x as CompanySnapshot).format === SNAPSHOT_FORMAT;
}

function defaultCompanyFile(name: string): string {
  const safe = name.replace(/[<>:"/\\|?*]/g, '').trim() || 'Company';
  return `C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\${safe}.QBW`;
}

export class QbCompany {
  /** Fault knobs; mutate freely between requests. */
  readonly faults: QbFaults = {};
  /** One entry per handleRequestXml call (benchmarks size MaxReturned from bytes/duration). */
  readonly requestLog: RequestLogEntry[] = [];

  private readonly core: CompanyCore;
  private readonly iterators: IteratorStore;
  private readonly host: HostInfo;
  private readonly requestDelayMs: number;
  private readonly perRetDelayMs: number;
  private readonly logLimit: number;
  private readonly refNumberNoMatchStatus: 1 | 500;

  constructor(seed: CompanySeed | CompanySnapshot, opts: QbCompanyOptions = {}) {
    const now = opts.now ?? (() => new Date());
    const offset: OffsetFn = opts.timeZone
      ? zoneOffset(opts.timeZone)
      : opts.utcOffsetMinutes !== undefined
        ? () => opts.utcOffsetMinutes as number
        : (ms) => -new Date(ms).getTimezoneOffset();
    const stamp: OffsetFn | undefined = opts.timeZone ? standardOffset(opts.timeZone) : undefined;
    if (isSnapshot(seed)) {
      const snapshot = structuredClone(seed);
      if (opts.companyFile) snapshot.companyFile = opts.companyFile;
      this.core = new CompanyCore(snapshot, { now, offset, ...(stamp ? { stamp } : {}) });
    } else {
      this.core = CompanyCore.fromSeed(seed, opts.companyFile ?? defaultCompanyFile(seed.companyName), {
        now,
        offset,
        ...(stamp ? { stamp } : {}),
      });
    }
    const qbxmlVersion = opts.qbxmlVersion ?? '13.0';
    this.host = {
      qbxmlVersion,
      productName: opts.productName ?? 'QuickBooks Enterprise Solutions: Wholesale and Manufacturing 14.0',
      country: opts.country ?? 'US',
    };
    this.iterators = new IteratorStore(opts.iteratorTtlMs ?? DEFAULT_ITERATOR_TTL_MS, () =>
      this.core.nowMs(),
    );
    this.requestDelayMs = opts.requestDelayMs ?? 0;
    this.perRetDelayMs = opts.perRetDelayMs ?? 0;
    this.logLimit = opts.requestLogLimit ?? 10_000;
    this.refNumberNoMatchStatus = opts.refNumberNoMatchStatus ?? 1;
  }

  static fromJSON(snapshot: CompanySnapshot, opts: QbCompanyOptions = {}): QbCompany {
    if (snapshot?.format !== SNAPSHOT_FORMAT) throw new Error(`not a ${SNAPSHOT_FORMAT} snapshot`);
    return new QbCompany(snapshot, opts);
  }

  /** Deep copy of the whole company (lists, transactions, deletions, stored message sets). Iterators are not kept. */
  toJSON(): CompanySnapshot {
    return structuredClone(this.core.s);
  }

  get companyFile(): string {
    return this.core.s.companyFile;
  }

  get companyName(): string {
    return this.core.s.companyName;
  }

  get qbxmlVersion(): string {
    return this.host.qbxmlVersion;
  }

  /** Iterators currently alive (not exhausted, stopped or expired). */
  get openIteratorCount(): number {
    return this.iterators.size;
  }

  // -------------------------------------------------------------------------------------------
  // QBXML

  /**
   * Executes a QBXML request document and returns the response document.
   * Rejects with QbxmlDocumentError (hresult 0x80040400) for malformed or schema-invalid documents and
   * with QbHresultError (0x80040408) while `faults.busy` — the cases QBWC reports via hresult/message.
   */
  async handleRequestXml(requestXml: string): Promise<string> {
    const started = performance.now();
    const at = this.core.nowMs();
    // Busy: a modal dialog is up in QuickBooks (an update or backup prompt): 0x80040414.
    if (this.faults.busy) throw new QbHresultError(HRESULT_MODAL_DIALOG, MODAL_DIALOG_MESSAGE);
    const doc = parseDocument(requestXml);
    // QuickBooks Desktop stores ISO-8859-1 text only; a document holding anything above U+00FF is
    // refused whole (0x80040400), nothing in it applied. Seen with Chinese, Greek and Cyrillic text
    // (qbwc/qbxml issue 8, "Passing non-ISO-8859-1 characters with qbxml results in 'QuickBooks found
    // an error with the XML'"); the hresult and message as QBWC reports them: NodeGeeks/
    // loopback-connector-quickbooks issue 14.
    const beyond = firstNonLatin1(doc.root);
    if (beyond) throw new QbxmlDocumentError(`character ${beyond} is not ISO-8859-1`);
    const marker = this.faults.rejectDocumentsContaining;
    if (marker && requestXml.includes(marker))
      throw new QbxmlDocumentError(`faults.rejectDocumentsContaining: "${marker}"`);
    if (doc.qbxmlVersion === undefined)
      throw new QbxmlDocumentError('missing <?qbxml version="…"?> processing instruction');
    if (!/^\d+\.\d+$/.test(doc.qbxmlVersion) || Number(doc.qbxmlVersion) > Number(this.host.qbxmlVersion)) {
      throw new QbxmlDocumentError(
        `qbXML version "${doc.qbxmlVersion}" is not supported (this QuickBooks supports up to ${this.host.qbxmlVersion})`,
      );
    }
    if (doc.root.name !== 'QBXML')
      throw new QbxmlDocumentError(`root element is <${doc.root.name}>, expected <QBXML>`);
    const msgs = doc.root.children;
    if (msgs.length !== 1 || msgs[0]?.name !== 'QBXMLMsgsRq') {
      throw new QbxmlDocumentError('<QBXML> must contain exactly one <QBXMLMsgsRq>');
    }
    const set = msgs[0];
    const onError = set.attrs['onError'];
    if (onError !== 'stopOnError' && onError !== 'continueOnError') {
      // rollbackOnError is in the schema but QuickBooks Desktop refuses it.
      throw new QbxmlDocumentError(
        `QBXMLMsgsRq onError="${onError ?? ''}" (required: stopOnError | continueOnError)`,
      );
    }
    const responseData = set.attrs['responseData'] ?? 'includeAll';
    if (responseData !== 'includeAll' && responseData !== 'includeNone') {
      throw new QbxmlDocumentError(`QBXMLMsgsRq responseData="${responseData}"`);
    }
    const types = set.children.map((c) => c.name);
    const bytes = Buffer.byteLength(requestXml, 'utf8');

    // Error recovery: a message set already processed is answered from its stored response.
    const oldId = set.attrs['oldMessageSetID'];
    const newId = set.attrs['newMessageSetID'];
    const stored =
      (oldId !== undefined ? this.core.s.messageSets[oldId] : undefined) ??
      (newId !== undefined ? this.core.s.messageSets[newId] : undefined);
    if (stored !== undefined) {
      return this.finish(stored, { at, types, bytes, retCount: 0, statusCodes: [], started, replayed: true });
    }

    // QuickBooks checks the whole document against the schema before running anything.
    const preErrors = set.children.map((rq) => (HANDLERS[rq.name] ? validateRequest(rq) : undefined));

    const ctx: RqContext = {
      core: this.core,
      iterators: this.iterators,
      host: this.host,
      refNumberNoMatchStatus: this.refNumberNoMatchStatus,
      consumeStaleFault: () => {
        if (!this.faults.staleEditSequenceOnce) return false;
        this.faults.staleEditSequenceOnce = false;
        return true;
      },
    };
    const responses: XmlNode[] = [];
    const statusCodes: number[] = [];
    let retCount = 0;
    for (const [i, rq] of set.children.entries()) {
      const { node, severity, code, rets } = this.runOne(
        ctx,
        rq,
        preErrors[i],
        responseData === 'includeNone',
      );
      responses.push(node);
      statusCodes.push(code);
      retCount += rets;
      if (severity === 'Error' && onError === 'stopOnError') break;
    }
    const recovery = newId !== undefined || oldId !== undefined;
    const rsAttrs = recovery ? { newMessageSetID: newId, messageSetStatusCode: 0 } : undefined;
    const xml = serializeDocument(el('QBXML', [el('QBXMLMsgsRs', responses, rsAttrs)]));
    if (newId !== undefined) this.core.s.messageSets[newId] = xml;
    return this.finish(xml, { at, types, bytes, retCount, statusCodes, started, replayed: false });
  }

  private runOne(
    ctx: RqContext,
    rq: XElement,
    preError: QbStatusError | undefined,
    statusOnly: boolean,
  ): { node: XmlNode; severity: StatusSeverity; code: number; rets: number } {
    const rsName = rq.name.endsWith('Rq') ? `${rq.name.slice(0, -2)}Rs` : `${rq.name}Rs`;
    const requestID = rq.attrs['requestID'];
    const errorNode = (
      e: QbStatusError,
    ): { node: XmlNode; severity: StatusSeverity; code: number; rets: number } => ({
      node: el(rsName, [], {
        requestID,
        statusCode: e.statusCode,
        statusSeverity: e.statusSeverity,
        statusMessage: e.statusMessage,
      }),
      severity: e.statusSeverity,
      code: e.statusCode,
      rets: 0,
    });
    const forced = this.takeForcedStatus(rq.name);
    if (forced) return errorNode(forced);
    const handler = HANDLERS[rq.name];
    if (!handler) return errorNode(Status.unsupported());
    if (preError) return errorNode(preError);
    const warning = this.peekForcedWarning(rq.name);
    let result: RqResult;
    try {
      result = handler(ctx, rq);
    } catch (err) {
      if (err instanceof QbStatusError) return errorNode(err);
      if (err instanceof QbHresultError) throw err;
      return errorNode(
        new QbStatusError(1000, 'There has been an internal error when processing the request.'),
      );
    }
    // A warning replaces the request's own status only once it has run without error.
    const status = warning ? this.takeForcedWarning(warning, rq) : (result.status ?? STATUS_OK);
    const attrs = {
      requestID,
      statusCode: status.statusCode,
      statusSeverity: status.statusSeverity,
      statusMessage: status.statusMessage,
      ...(result.iterator
        ? { iteratorRemainingCount: result.iterator.remaining, iteratorID: result.iterator.id }
        : {}),
    };
    const rets = statusOnly ? [] : result.rets;
    return {
      node: el(rsName, rets, attrs),
      severity: status.statusSeverity,
      code: status.statusCode,
      rets: rets.length,
    };
  }

  private takeForcedStatus(requestName: string): QbStatusError | undefined {
    const queue = this.faults.forcedStatuses;
    if (!queue) return undefined;
    const i = queue.findIndex((f) => !f.requestType || f.requestType === requestName);
    if (i < 0) return undefined;
    const f = queue[i] as ForcedStatus;
    const left = (f.times ?? 1) - 1;
    if (left <= 0) queue.splice(i, 1);
    else f.times = left;
    return new QbStatusError(
      f.statusCode,
      f.statusMessage ?? `Simulated status ${f.statusCode}.`,
      f.statusSeverity,
    );
  }

  private peekForcedWarning(requestName: string): ForcedWarning | undefined {
    const f = this.faults.forcedWarnings?.find((w) => !w.requestType || w.requestType === requestName);
    if (f && !(f.statusCode >= 500 && f.statusCode <= 999))
      throw new Error(`faults.forcedWarnings: statusCode ${f.statusCode} is not a warning (500-999)`);
    return f;
  }

  private takeForcedWarning(f: ForcedWarning, rq: XElement): QbStatusError {
    const queue = this.faults.forcedWarnings ?? [];
    const left = (f.times ?? 1) - 1;
    if (left <= 0) queue.splice(queue.indexOf(f), 1);
    else f.times = left;
    const object = rq.name.replace(/Rq$/, '').replace(/(Add|Mod|Query)$/, '');
    const key = rq.children.find((c) =>
      ['ListID', 'FullName', 'TxnID', 'RefNumber', 'RefNumberCaseSensitive'].includes(c.name),
    )?.text;
    return new QbStatusError(
      f.statusCode,
      f.statusMessage ?? warningMessage(f.statusCode, object, key),
      'Warn',
    );
  }

  private async finish(
    xml: string,
    m: {
      at: number;
      types: string[];
      bytes: number;
      retCount: number;
      statusCodes: number[];
      started: number;
      replayed: boolean;
    },
  ): Promise<string> {
    const delayMs = this.requestDelayMs + this.perRetDelayMs * m.retCount;
    if (delayMs > 0) await sleep(delayMs);
    this.requestLog.push({
      at: m.at,
      types: m.types,
      bytes: m.bytes,
      responseBytes: Buffer.byteLength(xml, 'utf8'),
      retCount: m.retCount,
      statusCodes: m.statusCodes,
      durationMs: performance.now() - m.started,
      delayMs,
      replayed: m.replayed,
    });
    if (this.requestLog.length > this.logLimit)
      this.requestLog.splice(0, this.requestLog.length - this.logLimit);
    return xml;
  }

  /**
   * The "HCP response" QBWC hands to the first sendRequestXML of a session (strHCPResponse):
   * HostQueryRs + CompanyQueryRs + PreferencesQueryRs.
   */
  hostQueryResponseXml(): string {
    const ok = (requestID: string) => ({ requestID, ...STATUS_OK });
    return serializeDocument(
      el('QBXML', [
        el('QBXMLMsgsRs', [
          el('HostQueryRs', [renderHost(this.host)], ok('0')),
          el('CompanyQueryRs', [renderCompany(this.core)], ok('1')),
          el('PreferencesQueryRs', [renderPreferences(this.core)], ok('2')),
        ]),
      ]),
    );
  }

  // -------------------------------------------------------------------------------------------
  // inspection (deep copies: mutate through the API below)

  customers(): CustomerRecord[] {
    return structuredClone(this.core.sorted<CustomerRecord>('customers'));
  }
  items(): ItemRecord[] {
    return structuredClone(this.core.sorted<ItemRecord>('items'));
  }
  accounts(): AccountRecord[] {
    return structuredClone(this.core.sorted<AccountRecord>('accounts'));
  }
  invoices(): SalesTxnRecord[] {
    return structuredClone(this.core.s.invoices);
  }
  salesReceipts(): SalesTxnRecord[] {
    return structuredClone(this.core.s.salesReceipts);
  }
  journalEntries(): JournalEntryRecord[] {
    return structuredClone(this.core.s.journalEntries);
  }
  deletedTxns(): DeletedTxnRecord[] {
    return structuredClone(this.core.s.deletedTxns);
  }
  deletedLists(): DeletedListRecord[] {
    return structuredClone(this.core.s.deletedLists);
  }
  /** By ListID or FullName (case-insensitive). */
  customer(ref: string): CustomerRecord | undefined {
    const c = this.core.customerById(ref) ?? this.core.customerByName(ref);
    return c ? structuredClone(c) : undefined;
  }
  item(ref: string): ItemRecord | undefined {
    const i = this.core.itemById(ref) ?? this.core.itemByName(ref);
    return i ? structuredClone(i) : undefined;
  }
  account(ref: string): AccountRecord | undefined {
    const a = this.core.accountById(ref) ?? this.core.accountByName(ref);
    return a ? structuredClone(a) : undefined;
  }
  txn(txnId: string): TxnRecord | undefined {
    const t = this.core.txnById(txnId);
    return t ? structuredClone(t) : undefined;
  }
  /**
   * Every transaction the company holds (invoices, sales receipts, journal entries; deep copies), for
   * oracles: `createdVia` keeps only those posted through qbXML ('qbxml') or entered by hand ('user');
   * `editedVia` only those changed at least once that way (e.g. 'user': edited by hand in QuickBooks).
   */
  transactions(
    filter: { txnType?: TxnRecord['TxnType']; createdVia?: TxnOrigin; editedVia?: TxnOrigin } = {},
  ): TxnRecord[] {
    const all: TxnRecord[] = [
      ...this.core.s.invoices,
      ...this.core.s.salesReceipts,
      ...this.core.s.journalEntries,
    ];
    return structuredClone(
      all.filter(
        (t) =>
          (!filter.txnType || t.TxnType === filter.txnType) &&
          (!filter.createdVia || t.createdVia === filter.createdVia) &&
          (!filter.editedVia || t.edits.some((e) => e.via === filter.editedVia)),
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // scripting: a bookkeeper working in QuickBooks meanwhile (EditSequence/TimeModified move, deletions are recorded)

  addCustomer(input: SeedCustomer): CustomerRecord {
    return structuredClone(this.core.createCustomer(input, this.core.nowMs()));
  }

  modifyCustomer(ref: string, patch: CustomerPatch): CustomerRecord {
    const c = this.core.customerById(ref) ?? this.core.customerByName(ref);
    if (!c) throw new Error(`no customer "${ref}"`);
    if (patch.name !== undefined && patch.name !== c.Name) this.core.rename('customers', c, patch.name);
    if (patch.isActive !== undefined) c.IsActive = patch.isActive;
    if (patch.companyName !== undefined) c.CompanyName = patch.companyName;
    if (patch.firstName !== undefined) c.FirstName = patch.firstName;
    if (patch.lastName !== undefined) c.LastName = patch.lastName;
    if (patch.email !== undefined) c.Email = patch.email;
    if (patch.phone !== undefined) c.Phone = patch.phone;
    if (patch.notes !== undefined) c.Notes = patch.notes;
    if (patch.billAddress !== undefined) c.BillAddress = addressFromSeed(patch.billAddress) ?? {};
    if (patch.shipAddress !== undefined) c.ShipAddress = addressFromSeed(patch.shipAddress) ?? {};
    this.core.touch(c);
    return structuredClone(c);
  }

  addItem(input: SeedItem): ItemRecord {
    return structuredClone(this.core.createItem(input, this.core.nowMs()));
  }

  modifyItem(ref: string, patch: ItemPatch): ItemRecord {
    const i = this.core.itemById(ref) ?? this.core.itemByName(ref);
    if (!i) throw new Error(`no item "${ref}"`);
    if (patch.name !== undefined && patch.name !== i.Name) this.core.rename('items', i, patch.name);
    if (patch.isActive !== undefined) i.IsActive = patch.isActive;
    if (patch.description !== undefined) i.Desc = patch.description;
    if (patch.price !== undefined) i.SalesPrice = patch.price;
    if (patch.cost !== undefined) {
      i.PurchaseCost = patch.cost;
      if (i.AverageCost !== undefined) i.AverageCost = patch.cost;
    }
    if (patch.quantityOnHand !== undefined) i.QuantityOnHand = patch.quantityOnHand;
    if (patch.barCode !== undefined) i.BarCodeValue = patch.barCode;
    if (patch.manufacturerPartNumber !== undefined) i.ManufacturerPartNumber = patch.manufacturerPartNumber;
    for (const [name, value] of Object.entries(patch.customFields ?? {})) {
      const rest = (i.CustomFields ?? []).filter((f) => f.name.toLowerCase() !== name.toLowerCase());
      i.CustomFields = value === '' ? rest : [...rest, { name, value }];
    }
    this.core.touch(i);
    return structuredClone(i);
  }

  /**
   * Deletes a list object as a user would; recorded for ListDeletedQuery. Like QuickBooks, refuses
   * objects that have sub-objects or are used by transactions.
   */
  deleteList(kind: ListKind, ref: string): DeletedListRecord {
    const core = this.core;
    const rec =
      kind === 'Customer'
        ? (core.customerById(ref) ?? core.customerByName(ref))
        : kind === 'Item'
          ? (core.itemById(ref) ?? core.itemByName(ref))
          : (core.accountById(ref) ?? core.accountByName(ref));
    if (!rec) throw new Error(`no ${kind} "${ref}"`);
    const list = kind === 'Customer' ? 'customers' : kind === 'Item' ? 'items' : 'accounts';
    const all = core.s[list] as { ParentListID?: string }[];
    if (all.some((r) => r.ParentListID === rec.ListID))
      throw new Error(`"${rec.FullName}" has sub-${kind.toLowerCase()}s and cannot be deleted`);
    if (core.hasTransactions(rec.ListID))
      throw new Error(
        `"${rec.FullName}" has been used in transactions and cannot be deleted (make it inactive instead)`,
      );
    if (kind === 'Item' && core.s.items.some((i) => i.Components?.some((c) => c.ItemListID === rec.ListID))) {
      throw new Error(`"${rec.FullName}" is a component of a group or assembly and cannot be deleted`);
    }
    core.removeListRecord(list, rec);
    const deleted: DeletedListRecord = {
      ListDelType: kind === 'Item' ? ITEM_LIST_DEL_TYPE[(rec as ItemRecord).ItemType] : kind,
      ListID: rec.ListID,
      TimeCreated: rec.TimeCreated,
      TimeDeleted: core.nowMs(),
      FullName: rec.FullName,
    };
    core.s.deletedLists.push(deleted);
    return structuredClone(deleted);
  }

  /** Deletes a transaction as a user would (inventory and balances restored); recorded for TxnDeletedQuery. */
  deleteTxn(txnId: string): DeletedTxnRecord {
    const t = this.core.txnById(txnId);
    if (!t) throw new Error(`no transaction "${txnId}"`);
    deleteTxnRecord(this.core, t, 'user');
    return structuredClone(this.core.s.deletedTxns[this.core.s.deletedTxns.length - 1] as DeletedTxnRecord);
  }

  /**
   * Edits a transaction as a bookkeeper would in its QuickBooks form: header (memo, RefNumber, date,
   * customer, P.O. number) and/or the full list of lines (see TxnPatch). Runs the same Mod logic as
   * QBWC requests: totals and sales tax recomputed, stock and A/R moved, EditSequence and TimeModified
   * bumped (so the product's next Mod with the old EditSequence gets 3200), and the edit recorded in
   * `edits` with `via: 'user'`. Throws QbStatusError for what QuickBooks would refuse (unknown item
   * 3140, unbalanced journal entry 3180, …), leaving the transaction unchanged.
   */
  modifyTxn(txnId: string, patch: TxnPatch): TxnRecord {
    const t = this.core.txnById(txnId);
    if (!t) throw new Error(`no transaction "${txnId}"`);
    if (t.TxnType === 'JournalEntry') {
      this.runAsUser(handJournalMod(this.core, t, patch));
      const next = this.core.txnById(txnId) as JournalEntryRecord;
      // The window has a header Memo; qbXML 13.0's JournalEntryMod does not.
      if (patch.memo === '') delete next.Memo;
      else if (patch.memo !== undefined) next.Memo = patch.memo;
      return structuredClone(next);
    }
    this.runAsUser(handSalesMod(this.core, t, patch));
    return structuredClone(this.core.txnById(txnId) as TxnRecord);
  }

  /** A vendor, employee or other name, as a person adds it (3100 when any name list has it). */
  addVendor(name: string): NameRecord {
    return structuredClone(this.core.addName('Vendor', name, this.core.nowMs()));
  }

  addEmployee(name: string): NameRecord {
    return structuredClone(this.core.addName('Employee', name, this.core.nowMs()));
  }

  addOtherName(name: string): NameRecord {
    return structuredClone(this.core.addName('OtherName', name, this.core.nowMs()));
  }

  names(kind: NameListKind): NameRecord[] {
    return structuredClone(this.core.nameList(kind));
  }

  /** A person enters and saves an invoice in QuickBooks (`createdVia: 'user'`). */
  enterInvoice(input: HandSalesTxnInput): SalesTxnRecord {
    return this.enterTxn(handSalesAdd(this.core, 'Invoice', input)) as SalesTxnRecord;
  }

  /** A person enters and saves a sales receipt in QuickBooks (`createdVia: 'user'`). */
  enterSalesReceipt(input: HandSalesTxnInput): SalesTxnRecord {
    return this.enterTxn(handSalesAdd(this.core, 'SalesReceipt', input)) as SalesTxnRecord;
  }

  /** A person enters a general journal entry in QuickBooks (`createdVia: 'user'`); it must balance (else 3180). */
  enterJournalEntry(input: HandJournalEntryInput): JournalEntryRecord {
    return this.enterTxn(handJournalAdd(this.core, input)) as JournalEntryRecord;
  }

  private enterTxn(rq: XElement): TxnRecord {
    const ret = this.runAsUser(rq);
    const idNode = ret ? nodeChildren(ret).find((c) => nodeName(c) === 'TxnID') : undefined;
    const id = idNode
      ? String((nodeChildren(idNode)[0] as { '#text'?: unknown } | undefined)?.['#text'])
      : '';
    const t = this.core.txnById(id);
    if (!t) throw new Error(`${rq.name} did not create a transaction`);
    return structuredClone(t);
  }

  /**
   * Runs a hand action through the request handler it is equivalent to (hand.ts), with the schema
   * checks QuickBooks applies; returns the Ret. A person is never "stale" and faults do not apply.
   */
  private runAsUser(rq: XElement): XmlNode | undefined {
    const tooLong = validateRequest(rq);
    if (tooLong) throw tooLong;
    const handler = HANDLERS[rq.name];
    if (!handler) throw new Error(`no handler for ${rq.name}`);
    const ctx: RqContext = {
      core: this.core,
      iterators: this.iterators,
      host: this.host,
      via: 'user',
      consumeStaleFault: () => false,
    };
    return handler(ctx, rq).rets[0];
  }
}

/** The first character above U+00FF in the document's text and attribute values (as U+XXXX), if any. */
function firstNonLatin1(e: XElement): string | undefined {
  const check = (t: string): string | undefined => {
    for (const ch of t) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0xff) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    return undefined;
  };
  const own = check(e.text) ?? Object.values(e.attrs).map(check).find(Boolean);
  if (own) return own;
  for (const c of e.children) {
    const found = firstNonLatin1(c);
    if (found) return found;
  }
  return undefined;
}

/** Minutes east of UTC in `timeZone` at an instant (daylight saving time included). */
function zoneOffset(timeZone: string): OffsetFn {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (ms) => {
    const p: Record<string, number> = {};
    for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
    const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  };
}

/** The zone's standard-time offset in the instant's year: the smaller of January's and July's. */
function standardOffset(timeZone: string): OffsetFn {
  const at = zoneOffset(timeZone);
  return (ms) => {
    const y = new Date(ms).getUTCFullYear();
    return Math.min(at(Date.UTC(y, 0, 15)), at(Date.UTC(y, 6, 15)));
  };
}
