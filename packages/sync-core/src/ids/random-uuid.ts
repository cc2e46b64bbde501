/**
 * A random (version 4) UUID from the Web Crypto API (`globalThis.crypto`), which Node 20 and browsers
 * provide (React Native through a polyfill): the engine imports no `node:crypto`.
 * Throws a `TypeError` naming the missing API on a host without it.
 */
export function randomUUID(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof webCrypto?.randomUUID !== 'function') {
    throw new TypeError(
      'sync-core needs the Web Crypto API (globalThis.crypto.randomUUID); on React Native, install it first (react-native-quick-crypto, or expo-crypto as globalThis.crypto)',
    );
  }
  return webCrypto.randomUUID();
}
