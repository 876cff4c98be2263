import * as z from 'zod';

export const clientInput = z
  .object({
    firstname: z.string().max(100).optional().describe('First name.'),
    lastname: z.string().max(100).optional().describe('Last name.'),
    email: z.string().max(200).optional().describe('E-mail address.'),
    phone: z.string().max(50).optional().describe('Phone number.'),
    address: z.string().max(300).optional().describe('Street address (for deliveries).'),
    zip: z.string().max(20).optional().describe('Postcode.'),
    city: z.string().max(100).optional().describe('City.'),
    country: z.string().max(100).optional().describe('Country.'),
  })
  .describe('A client to create with the sale (when the client has no idClient yet).');
export type ClientInput = z.infer<typeof clientInput>;

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
});
