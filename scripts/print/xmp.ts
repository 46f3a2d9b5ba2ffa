// The document's XMP metadata packet (PDF/UA-1 §7.1 and PDF/A-2 §6.6): the same title, author,
// subject, keywords, tools and dates as the Info dictionary, which PDF/A requires to agree, plus
// the language and the standards the file claims. No clock and no random id: the same brief gives
// the same bytes.

export interface XmpFields {
  title: string;
  /** One entry: PDF/A wants dc:creator to equal the Info /Author, which joins the authors. */
  author: string;
  subject: string;
  keywords: string;
  language: string;
  creatorTool: string;
  producer: string;
  date: Date;
  /** Claim PDF/A-2u as well as PDF/UA-1. */
  pdfa: boolean;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** 2023-11-14T22:13:20+00:00: the XMP form of the Info dictionary's D:20231114221320+00'00'. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * PDF/A-2 allows only the schemas it predefines unless the packet describes the others; pdfuaid
 * is not one of them, so a PDF/A file carries this description of it (the form veraPDF accepts).
 */
const PDFUA_EXTENSION = `
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>`;

export function xmpPacket(f: XmpFields): string {
  const date = xmpDate(f.date);
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(s)}</rdf:li></rdf:Alt>`;
  const namespaces = [
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
    ...(f.pdfa
      ? [
          'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
          'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
          'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
          'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"',
        ]
      : []),
  ];
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" ${namespaces.join(' ')}>
   <dc:format>application/pdf</dc:format>
   <dc:title>${alt(f.title)}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>${escapeXml(f.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>${alt(f.subject)}</dc:description>
   <dc:language><rdf:Bag><rdf:li>${escapeXml(f.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${escapeXml(f.keywords)}</pdf:Keywords>
   <pdf:Producer>${escapeXml(f.producer)}</pdf:Producer>
   <xmp:CreatorTool>${escapeXml(f.creatorTool)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>${f.pdfa ? `\n   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>${PDFUA_EXTENSION}` : ''}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}
