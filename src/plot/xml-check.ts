/**
 * A minimal XML 1.0 well-formedness check for the SVG this folder writes, used by its tests
 * (no XML parser is a dependency): one root element, tags properly nested and closed,
 * attributes quoted and not repeated, no raw `<` in text or attribute values, and `&` only in
 * the five predefined entities or character references. Not a validator: DTDs and CDATA
 * sections are reported as problems, since the charts never write them.
 */

const NAME = '[A-Za-z_][\\w.:-]*';
const TAG = new RegExp(
  `<\\/(${NAME})\\s*>|<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(\\/?)>|<!--[\\s\\S]*?-->|<\\?xml[^>]*\\?>`,
  'y',
);
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;

/** The problems that make `xml` not well-formed; empty when it is well-formed. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < xml.length && problems.length < 10) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? xml.length : lt;
    const chars = xml.slice(pos, textEnd);
    if (BAD_AMPERSAND.test(chars)) problems.push(`bad & in text at ${pos}`);
    if (stack.length === 0 && chars.trim() !== '') problems.push(`text outside the root at ${pos}`);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (m === null) {
      problems.push(`malformed markup at ${lt}: ${xml.slice(lt, lt + 40)}`);
      break;
    }
    const [whole, closing, opening, attrs, selfClosing] = m;
    if (closing !== undefined) {
      const open = stack.pop();
      if (open !== closing) problems.push(`</${closing}> at ${lt} closes <${open ?? 'nothing'}>`);
    } else if (opening !== undefined) {
      if (stack.length === 0) roots++;
      const seen = new Set<string>();
      for (const a of (attrs ?? '').matchAll(ATTR)) {
        const name = a[1] ?? '';
        if (seen.has(name)) problems.push(`attribute ${name} repeated at ${lt}`);
        seen.add(name);
        if (BAD_AMPERSAND.test(a[2] ?? a[3] ?? '')) problems.push(`bad & in attribute at ${lt}`);
      }
      if (selfClosing !== '/') stack.push(opening);
    }
    pos = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

/** How many start tags (`<name ...>` or `<name .../>`) of element `name` `xml` holds. */
export function countElements(xml: string, name: string): number {
  return xml.match(new RegExp(`<${name}[\\s/>]`, 'g'))?.length ?? 0;
}
