/**
 * A tiny SVG builder that makes injection impossible by construction: markup is a branded
 * string that only `el`, `text` and `join` produce, text and attribute values are always
 * XML-escaped (all five predefined entities, so a value can never close its quotes or open a
 * tag), and numbers are rounded to 0.01 px to keep files small. Rules from XML 1.0 (Fifth
 * Edition), sections 2.4 (character data) and 3.1 (attributes).
 */
import { PdmError } from '../core/errors.js';

declare const markupBrand: unique symbol;

/** Well-formed SVG/XML markup; only the functions of this file create it. */
export type Markup = string & { readonly [markupBrand]: true };

/** Attribute values: numbers are rounded to 0.01, `undefined` leaves the attribute out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

const NAME = /^[A-Za-z_][\w.:-]*$/;
// Characters XML 1.0 forbids anywhere (C0 controls other than tab, newline, carriage return).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes `& < > " '` and drops characters XML cannot carry; safe in text and attributes. */
export function escapeXml(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** A number as an SVG attribute: rounded to 0.01, no `-0`. Throws on NaN and infinities. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) {
    throw new PdmError('PDM_INPUT_INVALID', `SVG number must be finite, got ${value}`);
  }
  const r = Math.round(value * 100) / 100;
  return r === 0 ? '0' : String(r);
}

/** Text content, escaped. */
export function text(value: string): Markup {
  return escapeXml(value) as Markup;
}

/** Concatenates markup fragments. */
export function join(parts: readonly Markup[]): Markup {
  return parts.join('') as Markup;
}

/** An element `<tag attrs>children</tag>`, or `<tag attrs/>` without children. */
export function el(tag: string, attrs: Attrs = {}, ...children: readonly Markup[]): Markup {
  if (!NAME.test(tag)) throw new PdmError('PDM_INPUT_INVALID', `invalid SVG tag name "${tag}"`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (!NAME.test(name)) {
      throw new PdmError('PDM_INPUT_INVALID', `invalid SVG attribute name "${name}"`);
    }
    open += ` ${name}="${typeof value === 'number' ? fmt(value) : escapeXml(value)}"`;
  }
  return (children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${tag}>`) as Markup;
}
