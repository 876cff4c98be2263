/**
 * A clientele for a long demo history: the demo shop has ten named clients, a few years of a busy café
 * know a few thousand. All FICTIONAL: made-up names, `example.com` addresses, phone numbers from the
 * ARCEP ranges kept for fiction (01 99 00 …, 06 39 98 …), streets of the Paris districts the demo
 * delivers to.
 */
import type { Insertable } from 'kysely';
import type { ClientsTable } from '../../db/schema.js';
import { normalizeText } from '../../domain/text.js';

const FIRST = (
  'Alice,Bastien,Chantal,Damien,Élodie,Fabrice,Gaëlle,Hervé,Inès,Jérôme,Karima,Laurent,Manon,' +
  'Nicolas,Océane,Patrick,Rachida,Sébastien,Tiphaine,Ulysse,Valérie,William,Yasmine,Zoé,' +
  'Arthur,Brigitte,Cédric,Delphine,Émile,Florence,Grégoire,Hélène,Ismaël,Juliette,Kevin,' +
  'Louise,Mathieu,Noémie'
).split(',');
const LAST = (
  'Arnaud,Blanchard,Carpentier,Delorme,Étienne,Fontaine,Gauthier,Hamon,Izard,Joly,Klein,' +
  'Leroux,Marchand,Noël,Olivier,Perrin,Quentin,Renaud,Schmitt,Tessier,Vasseur,Weber,Yilmaz,' +
  'Zimmermann,Benhamou,Charpentier,Da Silva,Ferrand,Guerin,Hoarau,Lemaire,Meunier,Nguyen,' +
  'Pichon,Rey,Traoré'
).split(',');
const STREETS: [string, string][] = [
  ['rue Rambuteau', '75001'],
  ['rue Montmartre', '75002'],
  ['rue de Bretagne', '75003'],
  ['rue Vieille-du-Temple', '75004'],
  ['rue Mouffetard', '75005'],
  ['rue de Rennes', '75006'],
  ['rue des Martyrs', '75009'],
  ['rue du Château-d’Eau', '75010'],
  ['rue de la Roquette', '75011'],
  ['avenue Daumesnil', '75012'],
  ['rue des Abbesses', '75018'],
  ['rue de Belleville', '75019'],
  ['rue des Pyrénées', '75020'],
];

/** A client row as inserted; the history always names its made-up clients. */
export type ClientRow = Insertable<ClientsTable> & { firstname: string; lastname: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` made-up clients of `shopId`; seven in ten give a delivery address. */
export function madeUpClients(
  shopId: number,
  count: number,
  rand: () => number,
  createdAt: string,
): ClientRow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const firstname = pick(FIRST);
    const lastname = pick(LAST);
    const email =
      rand() < 0.6
        ? `${normalizeText(firstname)}.${normalizeText(lastname).replace(/[^a-z]/g, '')}${i + 1}@example.com`
        : null;
    const phone =
      rand() < 0.8
        ? `${rand() < 0.7 ? '06 39 98' : '01 99 00'} ${pad(Math.floor(rand() * 100))} ${pad(Math.floor(rand() * 100))}`
        : null;
    const street = rand() < 0.7 ? pick(STREETS) : null;
    return {
      shop_id: shopId,
      firstname,
      lastname,
      email,
      phone,
      address: street ? `${1 + Math.floor(rand() * 120)} ${street[0]}` : null,
      zip: street ? street[1] : null,
      city: street ? 'Paris' : null,
      country: street ? 'France' : null,
      search_text: normalizeText(`${firstname} ${lastname} ${email ?? ''} ${phone ?? ''}`),
      created_at: createdAt,
    };
  });
}

export const CLIENT_COLUMNS = [
  'shop_id',
  'firstname',
  'lastname',
  'email',
  'phone',
  'address',
  'zip',
  'city',
  'country',
  'search_text',
  'created_at',
] as const;
