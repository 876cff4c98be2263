/** JSON-RPC errors answered over HTTP, before or instead of an MCP server. */

/** A JSON-RPC error as an HTTP answer; `id` is the request's when it is known (null before the body is read). */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
  id: string | number | null = null,
): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id }, { status, headers });
}
