import * as z from 'zod';

export const ledgerVerifyInput = z.object({});

const problemKind = z.enum([
  'no_key',
  'key_changed',
  'missing',
  'unlinked',
  'altered',
  'signature',
  'row_changed',
  'row_missing',
  'unrecorded',
  'removed_at_end',
]);

export const ledgerVerification = z.object({
  ok: z.boolean().describe('True when every chain and every recorded row is as it was written.'),
  chains: z.array(
    z.object({
      chain: z
        .string()
        .describe('ticket: sales, credit notes and later payments; event: the technical journal.'),
      records: z.int(),
      head: z.object({ seq: z.int(), hash: z.string() }).nullable().describe('The last record.'),
    }),
  ),
  problems: z
    .array(
      z.object({
        chain: z.string(),
        seq: z.int().nullable().describe("The record's position; null for a row no record names."),
        record: z.string().describe('What it records: "sale 42", "payment of order 42", …'),
        problem: problemKind,
        detail: z.string(),
      }),
    )
    .describe('The first problems, in the order of the chain; the first names where the ledger breaks.'),
  problemCount: z.int(),
  headKeptApart: z
    .string()
    .nullable()
    .describe(
      'Where the heads kept outside the database are (a restored older copy shows against them); null if none.',
    ),
  publicKey: z
    .string()
    .nullable()
    .describe("The shop's Ed25519 public key (PEM), to verify receipts and archives offline."),
});
export type LedgerVerification = z.infer<typeof ledgerVerification>;
