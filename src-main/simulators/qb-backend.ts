import type { QbCompany } from './qb-company/index.js';
import type { QuickBooksBackend } from './qbwc-client/index.js';

/** Presents a simulated QuickBooks company to the simulated Web Connector. */
export function companyBackend(company: QbCompany, qbxmlVersion = '13.0'): QuickBooksBackend {
  const [major, minor] = qbxmlVersion.split('.').map(Number) as [number, number];
  return {
    get companyFile() {
      return company.companyFile;
    },
    qbxmlMajorVersion: major,
    qbxmlMinorVersion: minor ?? 0,
    hostQueryResponseXml: () => company.hostQueryResponseXml(),
    handleRequestXml: (xml) => company.handleRequestXml(xml),
  };
}
