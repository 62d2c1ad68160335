// Client mode's pure parts: which mode the environment asks for, fingerprints as people write them,
// and the server's media URLs moved onto the app's media scheme (and nothing else touched).
import { describe, expect, it } from 'vitest';
import { chooseStudy } from '../../../electron/main/startup';
import { normaliseFingerprint, onMediaScheme } from '../../../electron/main/remote';

describe('choosing client mode', () => {
  it('connects to an HTTPS server named by BLINDFOLD_SERVER, with its fingerprint if given', () => {
    expect(chooseStudy({ BLINDFOLD_SERVER: 'https://blindfold.example.org:8443/' })).toEqual({ kind: 'server', origin: 'https://blindfold.example.org:8443', fingerprint: null });
    expect(chooseStudy({ BLINDFOLD_SERVER: 'https://127.0.0.1:9', BLINDFOLD_SERVER_FINGERPRINT: 'ab:cd' })).toMatchObject({ kind: 'server', fingerprint: 'ab:cd' });
  });

  it('refuses plain HTTP, a path, credentials in the address, or a study and a server at once', () => {
    for (const url of ['http://blindfold.example.org', 'https://x.org/study', 'https://user:pw@x.org', 'not a url', 'https://x.org/?a=1']) {
      const choice = chooseStudy({ BLINDFOLD_SERVER: url });
      expect(choice.kind, url).toBe('refused');
    }
    expect(chooseStudy({ BLINDFOLD_SERVER: 'https://x.org', BLINDFOLD_STUDY: '/tmp/s' })).toMatchObject({ kind: 'refused', message: expect.stringMatching(/not both/) });
  });
});

describe('fingerprints', () => {
  it('reads SHA-256 fingerprints with or without colons, in either case; refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    const canonical = Array(32).fill('AB').join(':');
    expect(normaliseFingerprint(hex)).toBe(canonical);
    expect(normaliseFingerprint(canonical.toLowerCase())).toBe(canonical);
    expect(normaliseFingerprint(`SHA256 Fingerprint=${canonical}`)).toBeNull(); // "SHA256" adds digits: not silently accepted
    expect(normaliseFingerprint('ab'.repeat(20))).toBeNull();
  });
});

describe('media URLs in client mode', () => {
  const token = 'A'.repeat(43);
  it('moves the server’s /media/<token> onto the media scheme, in any nesting, and nothing else', () => {
    const value = { code: 'ABCD-EFGH', mediaUrl: `/media/${token}`, items: [{ mediaUrl: `/media/${token}` }], note: `/media/${token}`, other: { mediaUrl: 'https://elsewhere/x' } };
    expect(onMediaScheme(value, 'blindfold-media://clip/')).toEqual({
      code: 'ABCD-EFGH',
      mediaUrl: `blindfold-media://clip/${token}`,
      items: [{ mediaUrl: `blindfold-media://clip/${token}` }],
      note: `/media/${token}`,
      other: { mediaUrl: 'https://elsewhere/x' },
    });
    expect(onMediaScheme(null, 'x')).toBeNull();
  });
});
