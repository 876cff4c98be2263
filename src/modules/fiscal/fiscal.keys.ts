/**
 * Each shop's signing key: Ed25519 (node:crypto), made once for the shop — when its chain starts — and
 * never replaced (a trigger refuses it). The public key is exported for anyone who verifies a receipt,
 * an archive or a record offline (`ledger_verify` shows it).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export const ALGORITHM = 'ed25519';

export function newKeyPair(): { public_key: string; private_key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    public_key: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

// Reading a key from its DER text costs far more than signing with it (≈ 0.4 ms against 0.04): kept.
const kept = new Map<string, KeyObject>();
const KEPT = 1024;

function keyOf(text: string, make: (der: Buffer) => KeyObject): KeyObject {
  let key = kept.get(text);
  if (!key) {
    if (kept.size >= KEPT) kept.clear();
    key = make(Buffer.from(text, 'base64'));
    kept.set(text, key);
  }
  return key;
}

const privateOf = (text: string) =>
  keyOf(text, (key) => createPrivateKey({ key, format: 'der', type: 'pkcs8' }));
const publicOf = (text: string) =>
  keyOf(text, (key) => createPublicKey({ key, format: 'der', type: 'spki' }));

/** The signature (base64) of a record's hash (its 32 bytes). */
export const signHash = (privateKey: string, hash: string) =>
  sign(null, Buffer.from(hash, 'hex'), privateOf(privateKey)).toString('base64');

export function signatureHolds(publicKey: string, hash: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(hash, 'hex'), publicOf(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Whether the private key is the one of the public key (a key row changed shows here). */
export function keysMatch(publicKey: string, privateKey: string): boolean {
  try {
    const derived = createPublicKey(privateOf(privateKey)).export({ type: 'spki', format: 'der' });
    return derived.toString('base64') === publicKey;
  } catch {
    return false;
  }
}

/** The public key as PEM, for a person or a tool that verifies offline. */
export const publicKeyPem = (publicKey: string) =>
  publicOf(publicKey).export({ type: 'spki', format: 'pem' }).toString();
