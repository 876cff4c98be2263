import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/domain/errors.js';
import { parseLegacyItem, type ParsedLegacyItem } from '../../src/domain/legacy-items.js';
import { formatCents } from '../../src/domain/money.js';
import { MAX_QUANTITY } from '../../src/domain/limits.js';

const parse = (s: string) => parseLegacyItem(s, 'items[0]');

function errorOf(s: string): InputError {
  try {
    parse(s);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`expected ${JSON.stringify(s)} to be rejected`);
}

describe('parseLegacyItem: catalog lines', () => {
  it('parses product id and quantity', () => {
    expect(parse('12_2')).toEqual({ type: 'catalog', productId: 12, quantity: 2, declinaisons: [] });
    expect(parse('12_2__')).toEqual({ type: 'catalog', productId: 12, quantity: 2, declinaisons: [] });
    expect(parse('12')).toEqual({ type: 'catalog', productId: 12, quantity: 1, declinaisons: [] });
    expect(parse('12_')).toEqual({ type: 'catalog', productId: 12, quantity: 1, declinaisons: [] });
    expect(parse(' 12_ 3 ')).toEqual({ type: 'catalog', productId: 12, quantity: 3, declinaisons: [] });
  });

  it('parses title and price overrides', () => {
    expect(parse('12_1_Big coffee_3.5')).toEqual({
      type: 'catalog',
      productId: 12,
      quantity: 1,
      titleOverride: 'Big coffee',
      priceOverride: 350,
      declinaisons: [],
    });
    expect(parse('12_1_ Big coffee _2,50')).toMatchObject({
      titleOverride: 'Big coffee',
      priceOverride: 250,
    });
    expect(parse('12_1_ _0')).toEqual({
      type: 'catalog',
      productId: 12,
      quantity: 1,
      priceOverride: 0,
      declinaisons: [],
    });
    expect(parse('12_1__19.99')).toMatchObject({ priceOverride: 1999 });
    expect(parse('12_1__1.15')).toMatchObject({ priceOverride: 115 });
  });

  it('parses declinaisons', () => {
    expect(parse('12_1___45_46')).toEqual({
      type: 'catalog',
      productId: 12,
      quantity: 1,
      declinaisons: [45, 46],
    });
    expect(parse('12_2_Latte_4_7')).toEqual({
      type: 'catalog',
      productId: 12,
      quantity: 2,
      titleOverride: 'Latte',
      priceOverride: 400,
      declinaisons: [7],
    });
    expect(parse('12_1___45__46_')).toMatchObject({ declinaisons: [45, 46] });
  });

  it('explains what is wrong', () => {
    const error = errorOf('abc_2');
    expect(error.field).toBe('items[0]');
    expect(error.message).toBe(
      'Invalid item "abc_2": the product id "abc" is not a positive integer. ' +
        'Expected productId_quantity_titleOverride_priceOverride_declinaisons…, e.g. "12_2" for two of product 12.',
    );
    expect(errorOf('0_1').message).toContain('the product id "0" is not a positive integer');
    expect(errorOf('12_0').message).toContain('the quantity "0" is not a positive integer');
    expect(errorOf('12_-1').message).toContain('the quantity "-1"');
    expect(errorOf('12_1.5').message).toContain('the quantity "1.5"');
    expect(errorOf('12_1__-2').message).toContain('the price "-2" is negative');
    expect(errorOf('12_1__2.555').message).toContain('the price "2.555" has more than two decimals');
    expect(errorOf('12_1__abc').message).toContain('the price "abc" is not a number');
    expect(errorOf('12_1__1e3').message).toContain('the price "1e3" is not a number');
    expect(errorOf('12_1__9999999999').message).toContain('is too large');
    expect(errorOf('12_1___x').message).toContain('the declinaison id "x" is not a positive integer');
    // An underscore in a title shifts the parts: the message says why.
    expect(errorOf('12_1_Big_coffee_3.5').message).toContain('titles cannot contain "_"');
  });

  it('accepts trailing zeros beyond two decimals', () => {
    expect(parse('12_1__2.500')).toMatchObject({ priceOverride: 250 });
  });
});

describe('parseLegacyItem: department and free lines', () => {
  it('parses department lines', () => {
    expect(parse('-3_4.5_Misc bakery')).toEqual({
      type: 'dept',
      departmentId: 3,
      price: 450,
      title: 'Misc bakery',
    });
    expect(parse('-3_4,50')).toEqual({ type: 'dept', departmentId: 3, price: 450 });
    expect(parse('-3_4_ ')).toEqual({ type: 'dept', departmentId: 3, price: 400 });
    expect(parse('-3_4_Misc_')).toEqual({ type: 'dept', departmentId: 3, price: 400, title: 'Misc' });
  });

  it('parses free lines, case-insensitively', () => {
    expect(parse('Free_2_Corkage')).toEqual({ type: 'free', price: 200, title: 'Corkage' });
    expect(parse('FREE_0.5')).toEqual({ type: 'free', price: 50 });
    expect(parse('free_0_Gift')).toEqual({ type: 'free', price: 0, title: 'Gift' });
  });

  it('requires the price and explains the format', () => {
    expect(errorOf('-3').message).toBe(
      'Invalid item "-3": the price is missing. ' +
        'Expected -departmentId_price_title, e.g. "-3_4.5_Misc bakery" for 4.50 in department 3.',
    );
    expect(errorOf('Free__Corkage').message).toBe(
      'Invalid item "Free__Corkage": the price is missing. ' +
        'Expected Free_price_title, e.g. "Free_2_Corkage" for a free line of 2.00.',
    );
    expect(errorOf('-x_2').message).toContain('the department id "x" is not a positive integer');
    expect(errorOf('-0_2').message).toContain('the department id "0"');
    expect(errorOf('--3_2').message).toContain('the department id "-3"');
    expect(errorOf('-3_-2_Refund').message).toContain('the price "-2" is negative');
    expect(errorOf('Free_2.001_x').message).toContain('more than two decimals');
    expect(errorOf('Free_2_Cork_age').message).toContain('titles cannot contain "_"');
  });
});

describe('parseLegacyItem: empty input', () => {
  it('rejects empty strings', () => {
    for (const s of ['', '   ']) {
      const error = errorOf(s);
      expect(error.field).toBe('items[0]');
      expect(error.message).toContain('the item is empty');
      expect(error.message).toContain('"Free_2_Corkage"');
    }
  });
});

describe('parseLegacyItem: properties', () => {
  const titleArb = fc
    .string({ unit: fc.constantFrom(..."abcdeé XYZ-'0123456789".split('')), maxLength: 20 })
    .map((s) => s.trim());
  const priceArb = fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: undefined });

  it('round-trips encoded catalog items', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 1, max: MAX_QUANTITY }),
        titleArb,
        priceArb,
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 10 ** 6 }), { maxLength: 5 }),
        (productId, quantity, title, price, comma, declinaisons) => {
          const priceText = price === undefined ? '' : formatCents(price).replace('.', comma ? ',' : '.');
          const s = [productId, quantity, title, priceText, ...declinaisons].join('_');
          const expected: ParsedLegacyItem = {
            type: 'catalog',
            productId,
            quantity,
            ...(title === '' ? {} : { titleOverride: title }),
            ...(price === undefined ? {} : { priceOverride: price }),
            declinaisons,
          };
          expect(parse(s)).toEqual(expected);
        },
      ),
    );
  });

  it('never throws anything but an InputError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789_-.,eFrE x'.split('')) }), (s) => {
        try {
          parse(s);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).toContain(JSON.stringify(s));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
