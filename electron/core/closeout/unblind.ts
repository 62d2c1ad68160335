// Unblinding: opening the sealed key for analysis once the data are locked. It takes three things
// a single person should not have by accident — a manager's password, the unblinding passphrase and
// a written reason — and it checks, before anything is revealed, that the key opened is the key
// sealed (the commitment of the latest seal, itself published in the audit log). The database
// records who, when, why and which commitment; what the key says stays in memory.
import { utcNow, type Db } from '../../../db/open';
import { auditHasCommitment, getLock, getUnblinding, insertUnblinding, latestSeal, type UnblindingRow } from '../../../db/repositories/closeout';
import { findUserByName, type UserRow } from '../../../db/repositories/users';
import { appendAudit, verifyAuditChain } from '../audit/chain';
import { verifyPassword } from '../auth/password';
import { commitmentOf, unlockStudyKey, type Keyring } from '../blinding/sealedKey';
import { CoreError } from '../../common/result';
import { keyContent } from '../setup/seal';
import { allocationOf } from '../setup/sealedRecords';

export const MIN_REASON_LENGTH = 10;

export interface ManagerCredentials {
  /** A user with the manager role. */
  readonly manager: string;
  readonly password: string;
}

/** One clip as the opened key describes it (no source file, path or date: analysis needs none). */
export interface UnblindedClip {
  readonly code: string;
  readonly participant: string;
  readonly arm: string | null;
  readonly stratum: string | null;
  readonly timepoint: string | null;
  readonly task: string | null;
}

/** The opened key, in memory only: never written to the database. */
export interface UnblindedKey {
  readonly commitment: string;
  readonly clips: ReadonlyMap<string, UnblindedClip>;
  /** Every randomised participant, with or without recordings. */
  readonly participants: ReadonlyMap<string, { readonly arm: string; readonly stratum: string | null }>;
}

export interface UnblindReceipt {
  readonly unblinding: UnblindingRow;
  readonly key: UnblindedKey;
  /** The opened key, for a session that goes on to export and analyse. */
  readonly keyring: Keyring;
}

export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new CoreError('bad_input', `Write the reason for unblinding (at least ${MIN_REASON_LENGTH} characters)`);
  }
  if (trimmed.length > 2000) throw new CoreError('bad_input', 'The reason may be at most 2000 characters');
  return trimmed;
}

// A well-formed hash of no one's password: checked against for unknown names, so the time taken
// does not tell which names exist (as auth/users does for logins).
const NO_ONE = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Checks a manager's password; a refusal is logged, and never says which part was wrong. */
export async function verifyManager(db: Db, credentials: ManagerCredentials, action: string): Promise<UserRow> {
  const user = findUserByName(db, credentials.manager.trim());
  const passwordOk = await verifyPassword(credentials.password, user && !user.disabledAt ? user.passwordHash : NO_ONE);
  const ok = user !== undefined && user.role === 'manager' && !user.disabledAt && passwordOk;
  if (!ok || !user) {
    db.transaction(() => appendAudit(db, { actor: credentials.manager.trim().slice(0, 63) || '(blank)', action: `${action}.refused`, detail: { why: 'credentials' } }))();
    throw new CoreError('bad_credentials', 'That name and password do not match a manager of this study');
  }
  return user;
}

/** Opens the sealed key; a wrong passphrase is logged as a refusal of `action`. */
export async function openKeyLogged(db: Db, passphrase: string, actor: string, action: string, detail: Record<string, unknown> = {}): Promise<Keyring> {
  try {
    return await unlockStudyKey(db, passphrase);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'bad_credentials') {
      db.transaction(() => appendAudit(db, { actor, action: `${action}.refused`, detail: { ...detail, why: 'passphrase' } }))();
    }
    throw error;
  }
}

/** The key's content as analysis needs it, and its commitment (the same value a seal publishes). */
export function readKey(db: Db, keyring: Keyring): UnblindedKey {
  const content = keyContent(db, keyring);
  const allocation = allocationOf(db, keyring);
  const clips = new Map<string, UnblindedClip>();
  for (const c of content.clips) {
    clips.set(c.code, {
      code: c.code,
      participant: c.participant,
      arm: c.arm,
      stratum: allocation.get(c.participant)?.stratum ?? null,
      timepoint: c.timepoint,
      task: c.task,
    });
  }
  return { commitment: commitmentOf(content), clips, participants: allocation };
}

export async function unblindStudy(
  db: Db,
  request: ManagerCredentials & { readonly passphrase: string; readonly reason: string },
): Promise<UnblindReceipt> {
  const reason = checkReason(request.reason);
  const manager = await verifyManager(db, request, 'study.unblind');
  if (!getLock(db)) throw new CoreError('conflict', 'Lock the study before unblinding it');
  const done = getUnblinding(db);
  if (done) throw new CoreError('conflict', `The study was already unblinded on ${done.unblindedAt} by ${done.unblindedBy}`);
  const chain = verifyAuditChain(db);
  if (!chain.ok) throw new CoreError('conflict', `The audit log fails verification at entry ${chain.seq} (${chain.problem}); unblinding is refused`);
  const seal = latestSeal(db);
  if (!seal) throw new CoreError('conflict', 'The study was never sealed, so there is no commitment to check the key against');
  if (!auditHasCommitment(db, 'study.seal', seal.commitment)) {
    throw new CoreError('conflict', 'The latest seal is not in the audit log: the seals table was altered; unblinding is refused');
  }
  const keyring = await openKeyLogged(db, request.passphrase, manager.name, 'study.unblind');
  const key = readKey(db, keyring);
  if (key.commitment !== seal.commitment) {
    db.transaction(() => appendAudit(db, { actor: manager.name, action: 'study.unblind.refused', detail: { why: 'commitment', sealed: seal.commitment, opened: key.commitment } }))();
    throw new CoreError(
      'conflict',
      `The key does not match the latest seal of ${seal.sealedAt} (sealed ${seal.commitment.slice(0, 12)}…, opened ${key.commitment.slice(0, 12)}…); unblinding is refused`,
    );
  }
  const unblinding: UnblindingRow = { unblindedAt: utcNow(), unblindedBy: manager.name, reason, commitment: key.commitment };
  db.transaction(() => {
    insertUnblinding(db, unblinding);
    appendAudit(db, { actor: manager.name, action: 'study.unblind', detail: { commitment: key.commitment, clips: key.clips.size }, reason });
  })();
  return { unblinding, key, keyring };
}

/**
 * The opened key of an unblinded study, for exports and analysis: refused before unblinding, and
 * refused when the key no longer matches the commitment recorded at unblinding.
 */
export function openUnblindedKey(db: Db, keyring: Keyring): UnblindedKey & { readonly unblinding: UnblindingRow } {
  const unblinding = getUnblinding(db);
  if (!unblinding) throw new CoreError('conflict', 'The study is not unblinded yet: lock it, then unblind it with a reason');
  const key = readKey(db, keyring);
  if (key.commitment !== unblinding.commitment) {
    throw new CoreError('conflict', 'The sealed key has changed since the study was unblinded; the unblinded data cannot be trusted');
  }
  return { ...key, unblinding };
}

/** The same, from the passphrase (the command line holds no session). */
export async function openUnblindedKeyWithPassphrase(db: Db, passphrase: string) {
  return openUnblindedKey(db, await unlockStudyKey(db, passphrase));
}
