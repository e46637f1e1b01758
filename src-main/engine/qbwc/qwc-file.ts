import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import type { SettingsStore } from '../db/settings';

const braced = (): string => `{${randomUUID().toUpperCase()}}`;

/**
 * The .qwc file the user opens in QBWC. OwnerID and FileID are generated once and kept in the
 * database: QuickBooks remembers the app's authorisation by them, so they must never change.
 */
export function buildQwcFile(
  settings: SettingsStore,
  opts: { port: number; username: string; runEveryMinutes: number; appName?: string },
): string {
  const ownerId = settings.getOrCreate('qbwc.ownerId', braced);
  const fileId = settings.getOrCreate('qbwc.fileId', braced);
  // QBWC only accepts plain http for localhost, and wants AppSupport on the same host as AppURL.
  const base = `http://localhost:${opts.port}`;
  const doc = {
    QBWCXML: {
      AppName: opts.appName ?? 'ml-connector',
      AppID: '',
      AppURL: `${base}/qbwc`,
      AppDescription:
        'Keeps QuickBooks in sync with ShipStation: validates orders and posts shipped revenue.',
      AppSupport: `${base}/support`,
      UserName: opts.username,
      OwnerID: ownerId,
      FileID: fileId,
      QBType: 'QBFS',
      Style: 'Document',
      Scheduler: { RunEveryNMinutes: opts.runEveryMinutes },
      IsReadOnly: 'false',
    },
  };
  const builder = new XMLBuilder({ format: true, indentBy: '  ' });
  return `<?xml version="1.0"?>\n${builder.build(doc) as string}`;
}
