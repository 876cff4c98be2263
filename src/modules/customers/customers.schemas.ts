import * as z from 'zod';
import { flag, idField, idempotencyKey, textField, undescribedShape } from '../shared/manage.schemas.js';
import { unlisted } from '../shared/list.schemas.js';

/** Longest client fields, in characters (docs/ARCHITECTURE.md, "Bounds"). */
export const CLIENT_MAX = {
  title: 50,
  name: 100,
  email: 200,
  phone: 50,
  address: 300,
  zip: 20,
  place: 100,
  number: 50,
  comment: 1000,
} as const;

export const clientInput = z
  .object({
    firstname: z.string().max(CLIENT_MAX.name).optional().describe('First name.'),
    lastname: z.string().max(CLIENT_MAX.name).optional().describe('Last name.'),
    email: z.string().max(CLIENT_MAX.email).optional().describe('E-mail address.'),
    phone: z.string().max(CLIENT_MAX.phone).optional().describe('Phone number.'),
    address: z.string().max(CLIENT_MAX.address).optional().describe('Street address (for deliveries).'),
    zip: z.string().max(CLIENT_MAX.zip).optional().describe('Postcode.'),
    city: z.string().max(CLIENT_MAX.place).optional().describe('City.'),
    country: z.string().max(CLIENT_MAX.place).optional().describe('Country.'),
  })
  .describe('A client to create with the sale (when the client has no idClient yet).');
export type ClientInput = z.infer<typeof clientInput>;

const archived = z.literal(true).optional().describe('Refused by new orders.');

export const client = z.object({
  id: z.int(),
  firstname: z.string().nullable(),
  lastname: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  zip: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  archived,
});

/** A client as the management tools answer it: every field the shop keeps. */
export const clientDetail = client.extend({
  title: z.string().nullable(),
  address2: z.string().nullable(),
  vatNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  comment: z.string().nullable(),
  blacklist: z.boolean(),
});

/**
 * Kash's client fields, and a sale's inline client spellings (firstname, lastname, address, zip): those
 * and phone2 (not stored) are accepted but not listed.
 */
const clientFields = {
  title: textField('Honorific, e.g. "Mme".', CLIENT_MAX.title),
  name: textField('First name.', CLIENT_MAX.name),
  surname: textField(undefined, CLIENT_MAX.name),
  firstname: unlisted(textField('Same as name.', CLIENT_MAX.name)),
  lastname: unlisted(textField('Same as surname.', CLIENT_MAX.name)),
  email: textField(undefined, CLIENT_MAX.email),
  phone: textField(undefined, CLIENT_MAX.phone),
  phone2: unlisted(textField('Not stored (one phone per client).', CLIENT_MAX.phone)),
  addressline1: textField(undefined, CLIENT_MAX.address),
  address: unlisted(textField('Same as addressline1.', CLIENT_MAX.address)),
  addressline2: textField(undefined, CLIENT_MAX.address),
  postcode: textField(undefined, CLIENT_MAX.zip),
  zip: unlisted(textField('Same as postcode.', CLIENT_MAX.zip)),
  city: textField(undefined, CLIENT_MAX.place),
  country: textField(undefined, CLIENT_MAX.place),
  VATnum: textField(undefined, CLIENT_MAX.number),
  registrationNumber: textField('Company number, e.g. SIRET.', CLIENT_MAX.number),
  commentPrivate: textField(undefined, CLIENT_MAX.comment),
  blacklist: flag().optional(),
};

export const clientAddInput = z.object({ ...clientFields, idempotencyKey });
/** A client edit's fields are those of adding one (its description says so): listed without their descriptions. */
export const clientEditInput = z.object({
  id: idField(),
  ...undescribedShape(clientFields),
  archived: flag().optional(),
});
export type ClientAddInput = z.infer<typeof clientAddInput>;
export type ClientEditInput = z.infer<typeof clientEditInput>;
