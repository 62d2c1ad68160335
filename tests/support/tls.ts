// A self-signed certificate for 127.0.0.1 and localhost, made once per test process with openssl:
// the study server's tests run over real TLS, as a trial unit's server would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let made: { cert: string; key: string } | null = null;

/** Paths of the certificate and key PEM files (made once per process). */
export function testCertificate(): { cert: string; key: string } {
  if (made && existsSync(made.cert)) return made;
  made = newCertificate();
  return made;
}

/** Another self-signed certificate, with a key of its own. */
export function newCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

export function testCertificatePem(): { cert: string; key: string } {
  const { cert, key } = testCertificate();
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}
