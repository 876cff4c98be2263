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
  'closure_mismatch',
  'heads_unreadable',
  'heads_other_key',
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

const amount = z.number().describe('In the shop currency.');
const closureFigures = {
  counts: z.object({ sales: z.int(), creditNotes: z.int(), payments: z.int() }),
  totals: z.object({
    ttc: amount,
    ht: z.number(),
    vat: z.number(),
    creditNotesTtc: z.number().describe('The credit notes (negative), counted in ttc.'),
  }),
  vat: z.array(z.object({ rateBp: z.int(), ht: z.number(), vat: z.number(), ttc: z.number() })),
  payments: z.array(
    z.object({ method: z.string().nullable(), type: z.string().nullable(), amount: z.number() }),
  ),
  grandTotal: z.object({
    period: z.number(),
    perpetual: z.number().describe('All closures of this kind since the chain started.'),
  }),
};

export const closureView = z.object({
  kind: z.enum(['day', 'month', 'year']),
  number: z.int().nullable().describe('Z number (day closures).'),
  period: z.string().describe('YYYY-MM-DD, YYYY-MM or YYYY.'),
  closedAt: z.string(),
  manual: z.boolean().nullable().describe('Closed by a person rather than at the close hour.'),
  tickets: z
    .object({ from: z.int(), to: z.int() })
    .nullable()
    .describe('The ticket records it covers (positions in the chain).'),
  ...closureFigures,
  seq: z.int().describe('Its place in the closure chain.'),
  hash: z.string(),
});
export type ClosureView = z.infer<typeof closureView>;

export const reportZInput = z.object({
  period: z
    .string()
    .max(10)
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'Give YYYY-MM-DD (a day), YYYY-MM (a month) or YYYY (a year).')
    .optional()
    .describe('YYYY-MM-DD, YYYY-MM or YYYY; default: the last closure.'),
  number: z.int().min(1).max(2_147_483_647).optional().describe('A Z number.'),
});

export const reportZOutput = z.object({
  closures: z.array(closureView),
  open: z
    .object({ records: z.int(), ttc: z.number() })
    .describe('What is recorded since the last day closure: the next Z.'),
});

export const dayCloseInput = z.object({});
export const dayCloseOutput = z.object({
  made: z.array(closureView).describe('The closures made: the Z, and a month or year it ended.'),
  note: z.string().nullable().describe('Why nothing was made (nothing recorded since the last Z).'),
});

export const archiveCreateInput = z.object({
  period: z.string().max(10).describe('YYYY-MM (a month), YYYY (a year) or YYYY-MM-DD (a day).'),
});
export const archiveCreateOutput = z.object({
  file: z.string().describe("The archive's path on the server (its archive directory)."),
  period: z.string(),
  records: z.object({ ticket: z.int(), closure: z.int(), event: z.int() }),
  bytes: z.int(),
  sha256: z.string().describe("The archive's hash, which its signature covers."),
});
