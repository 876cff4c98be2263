/**
 * The checks of a shop's identifiers: SIRET (14 digits, Luhn key; La Poste's establishments, SIREN
 * 356 000 000, may instead have a sum of digits divisible by 5), intra-community VAT number (a French one's key is
 * checked against its SIREN; others by their shape), currency (ISO 4217 with two decimals: amounts are
 * stored in cents), e-mail (its shape). Each returns the value as stored, or throws naming the field.
 */
import { InputError } from '../../domain/errors.js';

const LA_POSTE_SIREN = '356000000';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function checkSiret(value: string, field = 'siret'): string {
  const digits = value.replace(/[\s.-]/g, '');
  if (!/^\d{14}$/.test(digits))
    throw new InputError(
      field,
      `"${value}" is not a SIRET: give its 14 digits (spaces allowed), e.g. 732 829 320 00074.`,
    );
  const ok =
    luhn(digits) ||
    (digits.startsWith(LA_POSTE_SIREN) && [...digits].reduce((s, d) => s + Number(d), 0) % 5 === 0);
  if (!ok)
    throw new InputError(
      field,
      `"${value}" is not a valid SIRET: its key does not match (a digit is wrong or two are swapped). Copy it from the Kbis or the INSEE notice.`,
    );
  return digits;
}

/** The key of a French VAT number for a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export const frenchVatKey = (siren: string): string =>
  String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');

export function checkVatNumber(value: string, field = 'vatNumber'): string {
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  const fr = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(v);
  if (v.startsWith('FR')) {
    if (!fr)
      throw new InputError(
        field,
        `"${value}" is not a French VAT number: FR, a 2-character key and the 9-digit SIREN, e.g. FR40303265045.`,
      );
    const [, key, siren] = fr;
    if (/^\d\d$/.test(key!) && key !== frenchVatKey(siren!))
      throw new InputError(
        field,
        `"${value}" is not a valid French VAT number: for SIREN ${siren} the key is ${frenchVatKey(siren!)} (FR${frenchVatKey(siren!)}${siren}).`,
      );
    return v;
  }
  if (!/^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(v))
    throw new InputError(
      field,
      `"${value}" is not a VAT number: a 2-letter country code and 2 to 12 letters or digits, e.g. FR40303265045 or BE0123456789.`,
    );
  return v;
}

export function checkCurrency(value: string, field = 'currency'): string {
  const code = value.toUpperCase();
  const known = /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
  if (!known)
    throw new InputError(field, `"${value}" is not an ISO 4217 currency code: use e.g. EUR, CHF, GBP, USD.`);
  const decimals = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits;
  if (decimals !== 2)
    throw new InputError(
      field,
      `${code} has ${decimals} decimals; Comptoir keeps amounts in hundredths, so it takes a currency with two decimals (EUR, CHF, GBP, USD, …).`,
    );
  return code;
}

export function checkEmail(value: string, field = 'email'): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
    throw new InputError(field, `"${value}" is not an e-mail address: use e.g. contact@example.fr.`);
  return value;
}
