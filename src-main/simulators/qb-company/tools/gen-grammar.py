"""Generates ../grammar.ts from the qbXML 13.0 XSD.

Usage (from this directory):
  python3 gen-grammar.py [--xsd-dir DIR] > ../grammar.ts

For every request element in RQS below: allowed children in schema order (buckets of a choice share
a position), required children, exclusive alternatives of single choices, and leaf facets.
"""
import sys, json, xml.etree.ElementTree as ET
D='/work/shared/reference/quickbooks/qbxml-xsd-13.0/'
if len(sys.argv) > 2 and sys.argv[1] == '--xsd-dir':
    D = sys.argv[2].rstrip('/') + '/'
RQS = """HostQueryRq CompanyQueryRq PreferencesQueryRq CustomerQueryRq CustomerAddRq AccountQueryRq ItemQueryRq
ItemInventoryQueryRq ItemNonInventoryQueryRq ItemServiceQueryRq ItemOtherChargeQueryRq ItemInventoryAssemblyQueryRq
ItemGroupQueryRq ItemDiscountQueryRq ItemSalesTaxQueryRq ItemNonInventoryAddRq ItemServiceAddRq InvoiceQueryRq
InvoiceAddRq InvoiceModRq SalesReceiptQueryRq SalesReceiptAddRq SalesReceiptModRq JournalEntryQueryRq JournalEntryAddRq
JournalEntryModRq
TxnDelRq TxnDeletedQueryRq ListDeletedQueryRq""".split()
X='{http://www.w3.org/2001/XMLSchema}'
elems={}; groups={}; ctypes={}
for f in ['qbxmltypes130.xsd','qbxml130.xsd','qbxmlops130.xsd','qbxmlso130.xsd']:
    r=ET.parse(D+f).getroot()
    for c in r:
        n=c.get('name')
        if c.tag==X+'element': elems[n]=c
        elif c.tag==X+'group': groups[n]=c
        elif c.tag==X+'complexType': ctypes[n]=c
# map Rq element names to types
rqmap={}
for c in elems['QBXMLMsgsRq'].iter(X+'element'):
    if c.get('type'): rqmap[c.get('name')]=c.get('type')

def ctype_of(el):
    if el.get('ref'): el=elems[el.get('ref')]
    ct=el.find(X+'complexType')
    if ct is None and el.get('type') in ctypes: ct=ctypes[el.get('type')]
    return ct

out={}
pending=[]
def analyze(name, ct):
    # returns rank map, required list, exclusive groups, attrs
    ranks={}; required=[]; excl=[]; subs=[]; facets={}
    state={'r':0}
    def occ(c): return c.get('minOccurs','1'), c.get('maxOccurs','1')
    def collect_names(node):
        names=[]
        t=node.tag.replace(X,'')
        if t=='element': return [node.get('name') or node.get('ref')]
        if t=='group' and node.get('ref'): return collect_names(groups[node.get('ref')])
        for c in node: names+=collect_names(c)
        return names
    def walk(node, req, inchoice_repeat):
        for c in node:
            t=c.tag.replace(X,'')
            mo,mx=occ(c)
            if t=='element':
                n=c.get('name') or c.get('ref')
                ranks.setdefault(n, state['r'])
                if not inchoice_repeat: state['r']+=1
                if req and mo!='0': required.append(n)
                tgt = c if c.get('name') else elems.get(c.get('ref'))
                st = tgt.find(X+'simpleType') if tgt is not None else None
                if st is not None:
                    ml=[e.get('value') for e in st.iter(X+'maxLength')]
                    en=[e.get('value') for e in st.iter(X+'enumeration')]
                    if ml: facets.setdefault(n,{})['max']=int(ml[0])
                    if en: facets.setdefault(n,{})['enum']=en
                elif tgt is not None and tgt.get('type') and tgt.get('type') not in ctypes:
                    facets.setdefault(n,{})['type']=tgt.get('type')
                sct=ctype_of(c)
                if sct is not None and (sct.find(X+'sequence') is not None or sct.find(X+'choice') is not None or sct.find(X+'complexContent') is not None):
                    subs.append((n,sct))
            elif t=='group':
                walk(groups[c.get('ref')], req and mo!='0', inchoice_repeat)
            elif t=='sequence':
                walk(c, req and mo!='0', inchoice_repeat)
            elif t=='choice':
                base=state['r']; mxr=base
                alts=[]
                for a in c:
                    state['r']=base
                    at=a.tag.replace(X,'')
                    alts.append(collect_names(a))
                    if mx!='1':
                        # repeated choice: same rank for all (single elements)
                        walk_one(a, False, True)
                        state['r']=base
                    else:
                        walk_one(a, False, False)
                    mxr=max(mxr,state['r'])
                state['r']=mxr+ (1 if mx!='1' else 0)
                if mx=='1' and len(alts)>1:
                    excl.append({'required': (req and mo!='0'), 'alts': alts})
            elif t in ('complexContent','extension'):
                walk(c, req, inchoice_repeat)
    def walk_one(a, req, rep):
        wrapper=ET.Element(X+'sequence'); wrapper.append(a); walk(wrapper, req, rep)
    walk(ct, True, False)
    return ranks, required, excl, subs, facets

def add(name, ct):
    if name in out: return
    ranks, req, excl, subs, facets = analyze(name, ct)
    # invert ranks into buckets
    buckets={}
    for n,r in ranks.items(): buckets.setdefault(r,[]).append(n)
    order=[buckets[k] for k in sorted(buckets)]
    out[name]={'order':order}
    if req: out[name]['required']=req
    if excl: out[name]['exclusive']=excl
    if facets: out[name]['leaf']=facets
    for n,sct in subs:
        if n.endswith('Ref') or n in ('DataExt','DataExtRet'): continue
        add(n, sct)

for rq in RQS:
    if rq in rqmap: add(rq, ctypes[rqmap[rq]])
    else: add(rq, ctype_of(elems[rq]))

HEADER = """// GENERATED by tools/gen-grammar.py from the qbXML 13.0 schema
// (/work/shared/reference/quickbooks/qbxml-xsd-13.0). Do not edit: re-run the script, then prettier.
//
// For every request element the simulator understands: the allowed children in schema order
// (`order`: buckets of element names sharing one position — a bucket with several names is an
// xsd:choice), the `required` children, the mutually `exclusive` alternatives of single choices,
// and the `leaf` facets of simple children (maxLength, enumeration, base type).

export interface LeafFacet {
  readonly max?: number;
  readonly enum?: readonly string[];
  readonly type?: string;
}
export interface ExclusiveGroup {
  readonly required: boolean;
  readonly alts: readonly (readonly string[])[];
}
export interface ElementRule {
  readonly order: readonly (readonly string[])[];
  readonly required?: readonly string[];
  readonly exclusive?: readonly ExclusiveGroup[];
  readonly leaf?: Readonly<Record<string, LeafFacet>>;
}

export const GRAMMAR: Readonly<Record<string, ElementRule>> = {"""
print(HEADER)
for k, v in out.items():
    print(f"  {k}: {json.dumps(v, separators=(', ', ': '))},")
print("};")
