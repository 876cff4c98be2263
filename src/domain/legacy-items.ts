/**
 * Parser for the legacy Kash item strings, an underscore-separated encoding of an order line.
 *
 * Three forms exist:
 *
 * - Catalog line: `productId_quantity_titleOverride_priceOverride[_declinaison1_declinaison2…]`
 *   - `productId`: positive integer;
 *   - `quantity`: positive integer, 1 when empty or missing;
 *   - `titleOverride`: optional (empty = none), trimmed;
 *   - `priceOverride`: optional (empty = none), VAT-included price in major units with `.` or `,` as
 *     decimal separator and at most two decimals (`2.5`, `2,50`);
 *   - the remaining parts are declinaison (variation choice) ids, positive integers; empty parts are
 *     ignored.
 *   Examples: `12_2`, `12_2__`, `12_1_Big coffee_3.5`, `12_1___45_46`.
 * - Department line: `-departmentId_price[_title]`, e.g. `-3_4.5_Misc bakery`.
 * - Free line: `Free_price[_title]` (`free` is case-insensitive), e.g. `Free_2_Corkage`.
 *
 * Prices are required in department and free lines. Because `_` separates the parts, **titles cannot
 * contain `_`** in this encoding.
 */
import { InputError } from './errors.js';
import { MAX_ID, MAX_QUANTITY } from './limits.js';
import { toCents } from './money.js';

/** A parsed legacy item. Prices are in cents. */
export type ParsedLegacyItem =
  | {
      type: 'catalog';
      productId: number;
      quantity: number;
      titleOverride?: string;
      /** Cents. */
      priceOverride?: number;
      /** Variation choice ids. */
      declinaisons: number[];
    }
  | { type: 'dept'; departmentId: number; /** Cents. */ price: number; title?: string }
  | { type: 'free'; /** Cents. */ price: number; title?: string };

const CATALOG_FORMAT =
  'Expected productId_quantity_titleOverride_priceOverride_declinaisons…, e.g. "12_2" for two of product 12.';
const DEPT_FORMAT = 'Expected -departmentId_price_title, e.g. "-3_4.5_Misc bakery" for 4.50 in department 3.';
const FREE_FORMAT = 'Expected Free_price_title, e.g. "Free_2_Corkage" for a free line of 2.00.';
const ANY_FORMAT =
  'Expected productId_quantity_titleOverride_priceOverride_declinaisons… (e.g. "12_2"), ' +
  '-departmentId_price_title (e.g. "-3_4.5_Misc bakery") or Free_price_title (e.g. "Free_2_Corkage").';
const NO_UNDERSCORE_IN_TITLES = 'titles cannot contain "_" in this format';
const MAX_PRICE_INTEGER_DIGITS = 9;

/** Builds the InputError for item `s`: what is wrong, then the expected format. */
type Fail = (problem: string) => never;

function failer(s: string, field: string, format: string): Fail {
  return (problem) => {
    throw new InputError(field, `Invalid item ${JSON.stringify(s)}: ${problem}. ${format}`);
  };
}

function parsePositiveInteger(raw: string, what: string, fail: Fail, hint = '', max = MAX_ID): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    fail(`the ${what} ${JSON.stringify(raw)} is not a positive integer${hint}`);
  }
  if (value > max) fail(`the ${what} ${raw} is more than ${max}`);
  return value;
}

/** Parses a price in major units (`2.5`, `2,50`) into cents. */
function parsePrice(raw: string, field: string, fail: Fail, hint = ''): number {
  if (raw === '') fail('the price is missing');
  if (raw.startsWith('-')) fail(`the price ${JSON.stringify(raw)} is negative; prices must be 0 or more`);
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(raw);
  if (!match) {
    fail(`the price ${JSON.stringify(raw)} is not a number (write it like 2.50 or 2,50)${hint}`);
  }
  const [, integerDigits = '', decimals = ''] = match;
  if (decimals.replace(/0+$/, '').length > 2) {
    fail(`the price ${JSON.stringify(raw)} has more than two decimals; round it to the cent, e.g. 2.50`);
  }
  if (integerDigits.replace(/^0+/, '').length > MAX_PRICE_INTEGER_DIGITS) {
    fail(`the price ${JSON.stringify(raw)} is too large`);
  }
  return toCents(Number(raw.replace(',', '.')), field);
}

function optionalTitle(raw: string | undefined): { title?: string } {
  const title = raw?.trim() ?? '';
  return title === '' ? {} : { title };
}

/** Department (`-3_4.5_Misc bakery`) and free (`Free_2_Corkage`) lines: `<head>_price[_title]`. */
function parsePricedLine(allParts: string[], field: string, fail: Fail): { price: number; title?: string } {
  const parts = [...allParts];
  while (parts.length > 3 && parts[parts.length - 1] === '') parts.pop(); // tolerate trailing "_"
  if (parts.length > 3) fail(`it has too many "_"-separated parts (${NO_UNDERSCORE_IN_TITLES})`);
  const price = parsePrice(parts[1] ?? '', field, fail);
  return { price, ...optionalTitle(parts[2]) };
}

/**
 * Parses one legacy Kash item string (see the module documentation for the formats).
 *
 * @throws InputError(field) quoting the string, naming the wrong part and showing the expected format
 *   with an example.
 */
export function parseLegacyItem(s: string, field: string): ParsedLegacyItem {
  if (typeof s !== 'string' || s.trim() === '') {
    failer(typeof s === 'string' ? s : String(s), field, ANY_FORMAT)('the item is empty');
  }
  const trimmed = s.split('_').map((part) => part.trim());
  const head = trimmed[0] ?? '';

  if (/^free$/i.test(head)) {
    return { type: 'free', ...parsePricedLine(trimmed, field, failer(s, field, FREE_FORMAT)) };
  }

  if (head.startsWith('-')) {
    const fail = failer(s, field, DEPT_FORMAT);
    const departmentId = parsePositiveInteger(head.slice(1), 'department id', fail);
    return { type: 'dept', departmentId, ...parsePricedLine(trimmed, field, fail) };
  }

  const fail = failer(s, field, CATALOG_FORMAT);
  const hint = ` (note: ${NO_UNDERSCORE_IN_TITLES})`;
  const [, quantityPart = '', titlePart, pricePart = '', ...declinaisonParts] = trimmed;
  const productId = parsePositiveInteger(head, 'product id', fail);
  const quantity =
    quantityPart === '' ? 1 : parsePositiveInteger(quantityPart, 'quantity', fail, '', MAX_QUANTITY);
  const title = optionalTitle(titlePart).title;
  const priceOverride = pricePart === '' ? undefined : parsePrice(pricePart, field, fail, hint);
  const declinaisons = declinaisonParts
    .filter((part) => part !== '')
    .map((part) => parsePositiveInteger(part, 'declinaison id', fail, hint));
  return {
    type: 'catalog',
    productId,
    quantity,
    ...(title === undefined ? {} : { titleOverride: title }),
    ...(priceOverride === undefined ? {} : { priceOverride }),
    declinaisons,
  };
}
