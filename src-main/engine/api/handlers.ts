import type { ApiHandlers } from '../../../shared/api';
import type { AuditLog } from '../db/audit';
import type { SettingsStore } from '../db/settings';
import type { CompanyInfoStore } from '../mirror/company-info';
import type { MirrorPlanner } from '../mirror/planner';
import type { MirrorStore } from '../mirror/store';
import type { QbwcCredentials } from '../qbwc/credentials';
import type { Outbox } from '../qbwc/outbox';
import { COMPANY_FILE_KEY } from '../qbwc/service';
import type { SessionStore } from '../qbwc/sessions';
import { VERSION } from '../version';

export interface HandlerDeps {
  settings: SettingsStore;
  audit: AuditLog;
  mirror: MirrorStore;
  planner: MirrorPlanner;
  company: CompanyInfoStore;
  credentials: QbwcCredentials;
  sessions: SessionStore;
  outbox: Outbox;
}

/** The engine side of the shared API contract; transports (HTTP, IPC) call these by name. */
export function createApiHandlers(d: HandlerDeps): ApiHandlers {
  return {
    health: () => ({ ok: true, version: VERSION }),
    status: () => {
      const recent = d.sessions.recent(10);
      const lastErr = d.settings.get<{ at: string; message: string }>('qbwc.lastConnectionError') ?? null;
      const company = d.company.get();
      return {
        version: VERSION,
        qbwc: {
          configured: d.credentials.isConfigured(),
          username: d.credentials.username() ?? null,
          companyFile: d.settings.get<string>(COMPANY_FILE_KEY) ?? null,
          lastContactAt: recent[0]?.lastSeenAt ?? null,
          lastConnectionError: lastErr ? { at: lastErr.at, message: lastErr.message } : null,
          recentSessions: recent.map((s) => ({
            id: s.id,
            state: s.state,
            createdAt: s.createdAt,
            closedAt: s.closedAt,
            requests: s.requests,
            jobsDone: s.jobsDone,
            jobsFailed: s.jobsFailed,
            result: s.result,
            lastError: s.lastError,
          })),
        },
        company: company
          ? {
              companyName: company.companyName,
              productName: company.productName,
              qbxmlVersions: company.qbxmlVersions,
            }
          : null,
        mirror: (['customers', 'items'] as const).map((entity) => {
          const s = d.mirror.state(entity);
          return {
            entity,
            count: d.mirror.count(entity === 'customers' ? 'customer' : 'item'),
            lastRunAt: s.lastRunAt,
            lastFullAt: s.lastFullAt,
            lastDurationMs: s.lastDurationMs,
            pageSize: s.pageSize,
          };
        }),
        outbox: d.outbox.counts(),
      };
    },
    qbItems: (q) => d.mirror.listItems(q),
    qbCustomers: (q) => d.mirror.listCustomers(q),
    audit: (q) => d.audit.list(q),
    setQbwcCredentials: async (input) => {
      await d.credentials.set(input.username, input.password);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'qbwc-credentials',
        message: `QuickBooks Web Connector user set to "${input.username}".`,
      });
      return { ok: true as const };
    },
    mirrorRefresh: (input) => ({
      queued: input.full ? d.planner.requestFull() : d.planner.planIfDue(Date.now(), true),
    }),
  };
}
