// The sealed key. A random 256-bit data key encrypts every sealed entry with AES-256-GCM (NIST SP
// 800-38D); the data key is stored wrapped (AES-256-GCM again) under a key derived from the
// manager's unblinding passphrase with scrypt (RFC 7914). Changing the passphrase re-wraps the data
// key only. Each entry's random id and kind are bound in as associated data, so ciphertexts cannot
// be swapped between entries unnoticed.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID, scrypt, type ScryptOptions } from 'node:crypto';
import { utcNow, type Db } from '../../../db/open';
import { getStudyKey, insertSealed, insertStudyKey, replaceStudyKey, sealedOfKind, type SealedKind } from '../../../db/repositories/sealed';
import { CoreError } from '../../common/result';

export const MIN_PASSPHRASE_LENGTH = 12;
// 2^16 × 8 × 128 B = 64 MiB per derivation: slow enough to resist guessing, fast enough to unlock.
const KDF_DEFAULTS = { N: 2 ** 16, r: 8, p: 1 } as const;

interface Kdf {
  readonly alg: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: string;
}

/** An unlocked study key. Lives in main's memory only while a manager needs it. */
export interface Keyring {
  readonly dataKey: Buffer;
}

function derive(passphrase: string, kdf: Kdf): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFKC'), Buffer.from(kdf.salt, 'base64'), 32, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

function decrypt(key: Buffer, nonce: Buffer, ciphertext: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
}

function packWrapped(w: { nonce: Buffer; ciphertext: Buffer }): Buffer {
  return Buffer.concat([w.nonce, w.ciphertext]);
}

export function hasStudyKey(db: Db): boolean {
  return getStudyKey(db) !== undefined;
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new CoreError('bad_input', `The unblinding passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}

/** Creates the study's key, protected by the passphrase. Call inside the caller's transaction. */
export async function createStudyKey(db: Db, passphrase: string, params: { N: number; r: number; p: number } = KDF_DEFAULTS): Promise<Keyring> {
  checkPassphrase(passphrase);
  if (hasStudyKey(db)) throw new CoreError('conflict', 'This study already has an unblinding passphrase');
  const kdf: Kdf = { alg: 'scrypt', ...params, salt: randomBytes(16).toString('base64') };
  const dataKey = randomBytes(32);
  const wrapped = packWrapped(encrypt(await derive(passphrase, kdf), dataKey, 'blindfold:data-key:v1'));
  insertStudyKey(db, { kdf: JSON.stringify(kdf), wrappedKey: wrapped, createdAt: utcNow() });
  return { dataKey };
}

export async function unlockStudyKey(db: Db, passphrase: string): Promise<Keyring> {
  const row = getStudyKey(db);
  if (!row) throw new CoreError('not_found', 'This study has no unblinding passphrase yet');
  const kdf = JSON.parse(row.kdf) as Kdf;
  const kek = await derive(passphrase, kdf);
  try {
    return { dataKey: decrypt(kek, row.wrappedKey.subarray(0, 12), row.wrappedKey.subarray(12), 'blindfold:data-key:v1') };
  } catch {
    throw new CoreError('bad_credentials', 'That is not the unblinding passphrase of this study');
  }
}

export async function changePassphrase(db: Db, oldPassphrase: string, newPassphrase: string): Promise<void> {
  checkPassphrase(newPassphrase);
  const { dataKey } = await unlockStudyKey(db, oldPassphrase);
  const row = getStudyKey(db)!;
  const kdf: Kdf = { ...(JSON.parse(row.kdf) as Kdf), salt: randomBytes(16).toString('base64') };
  const wrapped = packWrapped(encrypt(await derive(newPassphrase, kdf), dataKey, 'blindfold:data-key:v1'));
  replaceStudyKey(db, { kdf: JSON.stringify(kdf), wrappedKey: wrapped, changedAt: utcNow() });
}

// AES-GCM ciphertext is as long as its plaintext, so an entry's length would tell, say, a short
// timepoint label from a long one. Every entry is padded (with spaces, which JSON.parse ignores) to
// at least MIN_SEALED_BYTES and then to a whole number of SEALED_BLOCK bytes.
const MIN_SEALED_BYTES = 2048;
const SEALED_BLOCK = 512;

export function padForSealing(json: string): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  const size = Math.max(MIN_SEALED_BYTES, Math.ceil(bytes.length / SEALED_BLOCK) * SEALED_BLOCK);
  return Buffer.concat([bytes, Buffer.alloc(size - bytes.length, 0x20)]);
}

export function putSealed(db: Db, keyring: Keyring, kind: SealedKind, payload: unknown): void {
  const entryId = randomUUID();
  const { nonce, ciphertext } = encrypt(keyring.dataKey, padForSealing(JSON.stringify(payload)), `blindfold:${kind}:${entryId}`);
  insertSealed(db, { entryId, kind, nonce, ciphertext, createdAt: utcNow() });
}

export function readSealed<T>(db: Db, keyring: Keyring, kind: SealedKind): T[] {
  return sealedOfKind(db, kind).map((row) => {
    try {
      return JSON.parse(decrypt(keyring.dataKey, row.nonce, row.ciphertext, `blindfold:${kind}:${row.entryId}`).toString('utf8')) as T;
    } catch {
      throw new CoreError('internal', 'A sealed entry failed its integrity check: the study file has been altered');
    }
  });
}

/** SHA-256 over a canonical serialisation (keys sorted at every level). */
export function commitmentOf(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value)), 'utf8').digest('hex');
}
