import { z } from 'zod';
import type { RetObject } from '../parse';
import {
  parseRet,
  zAddress,
  zBool,
  zDataExts,
  zOptStr,
  zRef,
  type QbAddress,
  type QbDataExt,
} from './common';

export interface QbHostRecord {
  productName?: string;
  majorVersion?: string;
  minorVersion?: string;
  country?: string;
  supportedQbxmlVersions: string[];
  isAutomaticLogin?: boolean;
  qbFileMode?: string;
}

const HostRetSchema = z.object({
  ProductName: zOptStr,
  MajorVersion: zOptStr,
  MinorVersion: zOptStr,
  Country: zOptStr,
  SupportedQBXMLVersion: z.array(z.string()).optional(),
  IsAutomaticLogin: zBool,
  QBFileMode: zOptStr,
});

export function toHost(ret: RetObject): QbHostRecord {
  const r = parseRet(HostRetSchema, ret, ['HostRet']);
  return {
    productName: r.ProductName,
    majorVersion: r.MajorVersion,
    minorVersion: r.MinorVersion,
    country: r.Country,
    supportedQbxmlVersions: r.SupportedQBXMLVersion ?? [],
    isAutomaticLogin: r.IsAutomaticLogin,
    qbFileMode: r.QBFileMode,
  };
}

export interface QbCompanyRecord {
  isSampleCompany?: boolean;
  companyName?: string;
  legalCompanyName?: string;
  address?: QbAddress;
  legalAddress?: QbAddress;
  phone?: string;
  fax?: string;
  email?: string;
  companyWebSite?: string;
  firstMonthFiscalYear?: string;
  firstMonthIncomeTaxYear?: string;
  companyType?: string;
  ein?: string;
  taxForm?: string;
  dataExt: QbDataExt[];
}

const CompanyRetSchema = z.object({
  IsSampleCompany: zBool,
  CompanyName: zOptStr,
  LegalCompanyName: zOptStr,
  Address: zAddress,
  LegalAddress: zAddress,
  Phone: zOptStr,
  Fax: zOptStr,
  Email: zOptStr,
  CompanyWebSite: zOptStr,
  FirstMonthFiscalYear: zOptStr,
  FirstMonthIncomeTaxYear: zOptStr,
  CompanyType: zOptStr,
  EIN: zOptStr,
  TaxForm: zOptStr,
  DataExtRet: zDataExts,
});

export function toCompany(ret: RetObject): QbCompanyRecord {
  const r = parseRet(CompanyRetSchema, ret, ['CompanyRet']);
  return {
    isSampleCompany: r.IsSampleCompany,
    companyName: r.CompanyName,
    legalCompanyName: r.LegalCompanyName,
    address: r.Address,
    legalAddress: r.LegalAddress,
    phone: r.Phone,
    fax: r.Fax,
    email: r.Email,
    companyWebSite: r.CompanyWebSite,
    firstMonthFiscalYear: r.FirstMonthFiscalYear,
    firstMonthIncomeTaxYear: r.FirstMonthIncomeTaxYear,
    companyType: r.CompanyType,
    ein: r.EIN,
    taxForm: r.TaxForm,
    dataExt: r.DataExtRet,
  };
}

export interface QbPreferencesRecord {
  /** "Do you charge sales tax?": QuickBooks returns SalesTaxPreferences only when it is Yes. */
  salesTaxOn: boolean;
  /** "Your most common sales tax item". */
  defaultItemSalesTax?: string;
}

const PreferencesRetSchema = z.object({
  SalesTaxPreferences: z.object({ DefaultItemSalesTaxRef: zRef.optional() }).passthrough().optional(),
});

export function toPreferences(ret: RetObject): QbPreferencesRecord {
  const r = parseRet(PreferencesRetSchema, ret, ['PreferencesRet']);
  const def = r.SalesTaxPreferences?.DefaultItemSalesTaxRef;
  return {
    salesTaxOn: r.SalesTaxPreferences !== undefined,
    ...(def?.fullName ? { defaultItemSalesTax: def.fullName } : {}),
  };
}
