// Changing the unblinding passphrase, audited. The sealed key's data key is re-wrapped only
// (./sealedKey: changePassphrase); sealed entries and the published commitment stay as they are.
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import { changePassphrase } from './sealedKey';
import { CoreError } from '../../common/result';

export async function changeUnblindingPassphrase(db: Db, actor: string, oldPassphrase: string, newPassphrase: string): Promise<void> {
  if (oldPassphrase === newPassphrase) throw new CoreError('bad_input', 'The new passphrase must differ from the current one');
  try {
    await changePassphrase(db, oldPassphrase, newPassphrase);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'bad_credentials') {
      appendAudit(db, { actor, action: 'study.passphrase_change_failed' });
    }
    throw error;
  }
  // changePassphrase commits the re-wrapped key itself; this entry follows it in the same tick. A
  // crash between the two would leave the change unaudited but the key consistent.
  appendAudit(db, { actor, action: 'study.passphrase_change' });
}
