import type { QbxmlRequest } from '../envelope';
import { ownerIds, request, retElements, type RequestOptions, type RetElementOptions } from './common';

/** HostQuery: product name/version, country and the list of supported qbXML versions. */
export function hostQuery(opts: RequestOptions & RetElementOptions = {}): QbxmlRequest {
  return request('HostQueryRq', { IncludeRetElement: retElements(opts.includeRetElements) }, opts);
}

/** CompanyQuery: company name, addresses, fiscal year... ownerID '0' also returns the company's custom fields. */
export function companyQuery(
  opts: RequestOptions & RetElementOptions & { ownerID?: string | string[] } = {},
): QbxmlRequest {
  return request(
    'CompanyQueryRq',
    { IncludeRetElement: retElements(opts.includeRetElements), OwnerID: ownerIds(opts.ownerID) },
    opts,
  );
}
