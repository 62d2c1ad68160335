// `safeStorage`: strings encrypted with a key the operating system keeps for the user (Keychain,
// DPAPI, libsecret). Here the "keychain" is a random key per user-data folder, kept for the test
// process, so a restarted app on the same folder decrypts what it encrypted and nothing else can.
// As in Electron on Linux, it may be used only once the app is ready.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Launch } from './launch';
import { strict } from './strict';

const KEYCHAIN = Symbol.for('blindfold.electron-stand-in.keychain');
const keychain = ((globalThis as unknown as Record<symbol, Map<string, Buffer>>)[KEYCHAIN] ??= new Map());

export function createSafeStorage(launch: Launch) {
  const key = () => {
    if (!launch.ready) throw new Error('safeStorage cannot be used before the app is ready');
    let k = keychain.get(launch.userData);
    if (!k) keychain.set(launch.userData, (k = randomBytes(32)));
    return k;
  };
  return strict('safeStorage', {
    isEncryptionAvailable() {
      return launch.ready;
    },
    encryptString(plainText: string): Buffer {
      if (typeof plainText !== 'string') throw new TypeError('safeStorage.encryptString: plainText must be a string');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer): string {
      if (!Buffer.isBuffer(encrypted)) throw new TypeError('safeStorage.decryptString: encrypted must be a Buffer');
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const decipher = createDecipheriv('aes-256-gcm', key(), encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    },
  });
}
