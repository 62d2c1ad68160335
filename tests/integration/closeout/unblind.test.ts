// Unblinding refuses a key that is not the key sealed: recordings added after the seal, a seal
// that never reached the audit log, a broken audit log, a key changed after unblinding.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putSealed, unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { lockStudy, openUnblindedKeyWithPassphrase, unblindStudy } from '../../../electron/core/closeout';
import { sealStudy } from '../../../electron/core/setup';
import { openStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { buildTrialStudy, MANAGER, PASSPHRASE, type BuiltTrial } from './trialStudy';
import { copyStudyFolder } from '../../support/copyStudy';
import { dropTrigger } from '../../support/testDb';

let root: string;
let cleanup: () => void;
let template: string;
let copies = 0;
let study: Study;
let trial: BuiltTrial;
const request = { manager: MANAGER.name, password: MANAGER.password, passphrase: PASSPHRASE, reason: 'Primary analysis after database lock' };

async function addRecording(): Promise<void> {
  const keyring = await unlockStudyKey(study.db, PASSPHRASE);
  study.db.transaction(() =>
    putSealed(study.db, keyring, 'recording', {
      code: 'ZZZZ-9999',
      participant: 'PX-I01',
      timepoint: 'late',
      task: null,
      date: null,
      sourcePath: '/x/late.mp4',
      sourceFile: 'late.mp4',
      sourceSha256: 'b'.repeat(64),
    }),
  )();
}

const lockAll = () => lockStudy(study.db, 'manager', { confirmedExceptions: [trial.exception], reliabilityReason: 'Reliability is not under test here' });

// One study built once; each test works on its own copy of the folder.
beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-unblind-'));
  template = path.join(root, 'template');
  trial = await buildTrialStudy(template);
}, 60_000);
beforeEach(() => {
  const dir = path.join(root, `copy-${++copies}`);
  copyStudyFolder(template, dir);
  study = openStudy(dir);
});
afterEach(() => study.close());
afterAll(() => cleanup());

describe('the key opened must be the key sealed', () => {
  it('refuses to lock when the key changed after the seal, until it is sealed again', async () => {
    // Sealed entries carry their creation time; make the new one visibly later than the seal.
    await new Promise((r) => setTimeout(r, 5));
    await addRecording();
    expect(lockAll).toThrow(/changed after the latest seal.*seal the study again/);
    sealStudy(study.db, await unlockStudyKey(study.db, PASSPHRASE), 'manager');
    expect(lockAll().exceptions).toHaveLength(1);
  });

  it('refuses to unblind when the key changed after the lock, and logs the refusal', async () => {
    lockAll();
    await addRecording();
    await expect(unblindStudy(study.db, request)).rejects.toThrow(/does not match the latest seal/);
    const refused = study.db.prepare("SELECT detail FROM audit_log WHERE action = 'study.unblind.refused'").all() as { detail: string }[];
    expect(refused.map((r) => JSON.parse(r.detail).why)).toEqual(['commitment']);
    expect(study.db.prepare('SELECT COUNT(*) AS n FROM unblinding').get()).toEqual({ n: 0 });
  });

  it('refuses a seal that is not in the audit log', async () => {
    lockAll();
    study.db.prepare("INSERT INTO seals (commitment, clips, sealed_at, sealed_by) VALUES (?, 1, '2030-01-01T00:00:00.000Z', 'intruder')").run('f'.repeat(64));
    await expect(unblindStudy(study.db, request)).rejects.toThrow(/not in the audit log/);
  });

  it('refuses when the audit log fails verification', async () => {
    lockAll();
    dropTrigger(study.db, 'audit_no_update', 'audit_log');
    study.db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run();
    await expect(unblindStudy(study.db, request)).rejects.toThrow(/audit log fails verification at entry 2/);
  });

  it('refuses to export or analyse with a key changed after unblinding', async () => {
    lockAll();
    const receipt = await unblindStudy(study.db, request);
    expect(receipt.key.clips.get(trial.codeOf('PX-I01', 'pre'))).toMatchObject({ participant: 'PX-I01', timepoint: 'pre' });
    expect((await openUnblindedKeyWithPassphrase(study.db, PASSPHRASE)).commitment).toBe(receipt.unblinding.commitment);
    await addRecording();
    await expect(openUnblindedKeyWithPassphrase(study.db, PASSPHRASE)).rejects.toThrow(/changed since the study was unblinded/);
  });
});
