/**
 * Our WSDL for the QuickBooks Web Connector service. Wire-compatible with Intuit's
 * (QBWebConnectorSvc.wsdl): same namespace, element names, document/literal SOAP 1.1 binding and
 * SOAPActions, so QBWC (and a client built from Intuit's WSDL) talks to us unchanged. Only the
 * service name and address are ours. SOAP 1.2 is left out: QBWC speaks 1.1.
 */
const TNS = 'http://developer.intuit.com/';

const OPERATIONS: { name: string; in: [string, string][]; out: [string, string, number] }[] = [
  { name: 'serverVersion', in: [], out: ['serverVersionResult', 's:string', 0] },
  { name: 'clientVersion', in: [['strVersion', 's:string']], out: ['clientVersionResult', 's:string', 0] },
  {
    name: 'authenticate',
    in: [
      ['strUserName', 's:string'],
      ['strPassword', 's:string'],
    ],
    out: ['authenticateResult', 'tns:ArrayOfString', 0],
  },
  {
    name: 'connectionError',
    in: [
      ['ticket', 's:string'],
      ['hresult', 's:string'],
      ['message', 's:string'],
    ],
    out: ['connectionErrorResult', 's:string', 0],
  },
  {
    name: 'sendRequestXML',
    in: [
      ['ticket', 's:string'],
      ['strHCPResponse', 's:string'],
      ['strCompanyFileName', 's:string'],
      ['qbXMLCountry', 's:string'],
      ['qbXMLMajorVers', 's:int'],
      ['qbXMLMinorVers', 's:int'],
    ],
    out: ['sendRequestXMLResult', 's:string', 0],
  },
  {
    name: 'receiveResponseXML',
    in: [
      ['ticket', 's:string'],
      ['response', 's:string'],
      ['hresult', 's:string'],
      ['message', 's:string'],
    ],
    out: ['receiveResponseXMLResult', 's:int', 1],
  },
  { name: 'getLastError', in: [['ticket', 's:string']], out: ['getLastErrorResult', 's:string', 0] },
  { name: 'closeConnection', in: [['ticket', 's:string']], out: ['closeConnectionResult', 's:string', 0] },
];

export const QBWC_OPERATIONS = OPERATIONS.map((o) => o.name);

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function qbwcWsdl(address: string): string {
  // Ints are required (minOccurs=1) exactly where Intuit's WSDL has them.
  const field = ([n, t]: [string, string]): string =>
    t === 's:int'
      ? `<s:element minOccurs="1" maxOccurs="1" name="${n}" type="${t}" />`
      : `<s:element minOccurs="0" maxOccurs="1" name="${n}" type="${t}" />`;
  const elements = OPERATIONS.map(
    (o) => `
      <s:element name="${o.name}">
        ${o.in.length ? `<s:complexType><s:sequence>${o.in.map(field).join('')}</s:sequence></s:complexType>` : '<s:complexType />'}
      </s:element>
      <s:element name="${o.name}Response">
        <s:complexType><s:sequence><s:element minOccurs="${o.out[2]}" maxOccurs="1" name="${o.out[0]}" type="${o.out[1]}" /></s:sequence></s:complexType>
      </s:element>`,
  ).join('');
  const messages = OPERATIONS.map(
    (o) => `
  <wsdl:message name="${o.name}SoapIn"><wsdl:part name="parameters" element="tns:${o.name}" /></wsdl:message>
  <wsdl:message name="${o.name}SoapOut"><wsdl:part name="parameters" element="tns:${o.name}Response" /></wsdl:message>`,
  ).join('');
  const portOps = OPERATIONS.map(
    (o) => `
    <wsdl:operation name="${o.name}"><wsdl:input message="tns:${o.name}SoapIn" /><wsdl:output message="tns:${o.name}SoapOut" /></wsdl:operation>`,
  ).join('');
  const bindingOps = OPERATIONS.map(
    (o) => `
    <wsdl:operation name="${o.name}">
      <soap:operation soapAction="${TNS}${o.name}" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input>
      <wsdl:output><soap:body use="literal" /></wsdl:output>
    </wsdl:operation>`,
  ).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="${TNS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${TNS}">
  <wsdl:documentation>ml-connector: QuickBooks Web Connector service</wsdl:documentation>
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${TNS}">
      <s:complexType name="ArrayOfString">
        <s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="s:string" /></s:sequence>
      </s:complexType>${elements}
    </s:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="QBWebConnectorSvcSoap">${portOps}
  </wsdl:portType>
  <wsdl:binding name="QBWebConnectorSvcSoap" type="tns:QBWebConnectorSvcSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />${bindingOps}
  </wsdl:binding>
  <wsdl:service name="QBWebConnectorSvc">
    <wsdl:port name="QBWebConnectorSvcSoap" binding="tns:QBWebConnectorSvcSoap">
      <soap:address location="${escapeAttr(address)}" />
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
