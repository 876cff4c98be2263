/** OAuth 2.1's rule for a redirect URI: https, or http on this machine (loopback); no fragment. */
export function redirectUriProblem(uri: string): 'not a URL' | 'not allowed' | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'not a URL';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return !url.hash && (url.protocol === 'https:' || (url.protocol === 'http:' && loopback))
    ? undefined
    : 'not allowed';
}
