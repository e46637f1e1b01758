/**
 * What QBWC's hresults mean and what the user can do about them. The meanings are QuickBooks SDK
 * (QBXMLRP2) error texts as QBWC passes them to `connectionError` and `receiveResponseXML`, listed
 * with these codes by other QBWC servers (e.g. the quickbooks-php based error handler in
 * Exspeedite's QuickBooks integration); the fixes are ours.
 */
export interface HresultInfo {
  meaning: string;
  fix: string;
}

const HRESULTS: Record<string, HresultInfo> = {
  '0x80040400': {
    meaning: 'QuickBooks found an error when parsing the provided XML text stream.',
    fix: 'ml-connector sends that request no more; the order it was for is flagged with the reason.',
  },
  '0x80040408': {
    meaning: 'Could not start QuickBooks.',
    fix: 'Open QuickBooks on this PC (or check it is installed and can open the company file), then let the Web Connector run again.',
  },
  '0x8004040A': {
    meaning: 'A different QuickBooks company file is open than the one requested.',
    fix: 'Open the company file ml-connector is set up for (Dashboard → Company file), or close QuickBooks so the Web Connector can open it.',
  },
  '0x80040410': {
    meaning: 'The company file is open in a mode other than the one requested.',
    fix: 'Switch QuickBooks to the same user mode (single- or multi-user) the Web Connector expects, or close QuickBooks and run again.',
  },
  '0x80040414': {
    meaning: 'A modal dialog box is showing in QuickBooks.',
    fix: 'Close the open QuickBooks window or message (often an update or backup prompt); ml-connector retries at the next run.',
  },
  '0x80040418': {
    meaning: 'This application has not accessed this company file before.',
    fix: 'Open the company file in QuickBooks as the administrator, in single-user mode, run the Web Connector once and answer "Yes, always; allow access even if QuickBooks is not running".',
  },
  '0x8004041A': {
    meaning: 'This application does not have permission to access this company file.',
    fix: 'As the QuickBooks administrator: Edit → Preferences → Integrated Applications → Company Preferences, select ml-connector, and allow it access.',
  },
  '0x8004041B': {
    meaning: 'QuickBooks could not lock what this application needs right now.',
    fix: 'Someone is working on the same records; ml-connector retries at the next run.',
  },
  '0x8004041D': {
    meaning: 'This application is not allowed to log in to this company file automatically.',
    fix: 'As the QuickBooks administrator: Edit → Preferences → Integrated Applications → Company Preferences → ml-connector → Properties, tick "Allow this application to login automatically" and choose the user.',
  },
  '0x80040420': {
    meaning: 'The QuickBooks user has denied access.',
    fix: 'Allow ml-connector in QuickBooks (Edit → Preferences → Integrated Applications), then run the Web Connector again.',
  },
  '0x80040422': {
    meaning: 'Another application holds the company file in single-user mode.',
    fix: 'Close the other application or switch QuickBooks to multi-user mode, then run again.',
  },
  '0x80040424': {
    meaning: 'QuickBooks has not finished starting.',
    fix: 'ml-connector retries at the next run.',
  },
};

/** The meaning and fix of an hresult (case-insensitive), if known. */
export function hresultInfo(hresult: string | undefined): HresultInfo | undefined {
  const key = Object.keys(HRESULTS).find((k) => k.toLowerCase() === (hresult ?? '').trim().toLowerCase());
  return key ? HRESULTS[key] : undefined;
}

/** One sentence for the user: what QBWC said, what it means, what to do. */
export function explainHresult(hresult: string | undefined, message: string | undefined): string {
  const info = hresultInfo(hresult);
  const said = (message ?? '').trim() || info?.meaning || 'no message';
  return info ? `${said} (${hresult}) ${info.fix}` : `${said}${hresult ? ` (${hresult})` : ''}`;
}
