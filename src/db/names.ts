/** Names of rows by id, read in chunks: a year of clients can pass the databases' bound-parameter limits. */

export interface Named {
  id: number;
  name: string | null;
}

/** `read` is called with at most 1000 ids at a time; the answer maps every id found to its name. */
export async function namesInChunks(
  ids: readonly number[],
  read: (chunk: number[]) => Promise<Named[]>,
): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<number, string>();
  for (let at = 0; at < unique.length; at += 1000)
    for (const row of await read(unique.slice(at, at + 1000)))
      names.set(Number(row.id), String(row.name ?? ''));
  return names;
}
