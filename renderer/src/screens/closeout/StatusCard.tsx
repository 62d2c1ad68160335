import type { ReactNode } from 'react';
import type { CloseoutStatusView } from '../../../../electron/common/contract';
import { Card, When } from './Card';

function Fact({ term, testId, children }: { term: string; testId?: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** Where the close-out stands: the lock, unsubmitted work, emergency unblindings, the seal, unblinding. */
export function StatusCard({ status: s }: { status: CloseoutStatusView }) {
  return (
    <Card id="status" title="Where the close-out stands">
      <dl className="facts">
        <Fact term="Data lock" testId="lock-state">
          {s.lock ? (
            <>
              Locked <When iso={s.lock.lockedAt} /> by {s.lock.lockedBy}
              {s.lock.exceptions.length > 0 ? `, with ${s.lock.exceptions.length} confirmed exception(s)` : ', every assigned rating submitted'}
            </>
          ) : (
            'Not locked: ratings can still be submitted and amended'
          )}
        </Fact>
        {!s.lock && (
          <Fact term="Unsubmitted assignments" testId="unsubmitted-count">
            {s.unsubmitted.length === 0 ? 'None: every assigned rating is submitted' : `${s.unsubmitted.length}, listed under “Data lock”`}
          </Fact>
        )}
        <Fact term="Emergency unblindings" testId="emergency-list">
          {s.emergencyUnblindings.length === 0 ? (
            'None'
          ) : (
            <ul className="plain">
              {s.emergencyUnblindings.map((e) => (
                <li key={`${e.code}${e.unblindedAt}`}>
                  <span className="code">{e.code}</span> — <When iso={e.unblindedAt} /> by {e.unblindedBy}: “{e.reason}”
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Seal">
          {s.seal ? (
            <>
              {s.seal.clips} clips sealed <When iso={s.seal.sealedAt} /> by {s.seal.sealedBy}; SHA-256 commitment <code data-testid="seal-commitment">{s.seal.commitment}</code>
            </>
          ) : (
            'Never sealed'
          )}
          {s.keyChangedSinceSeal && <span className="error block">The sealed key changed after the latest seal: seal again (Set-up, step 7) before locking.</span>}
        </Fact>
        <Fact term="Unblinding" testId="unblinding-state">
          {s.unblinding ? (
            <>
              Unblinded <When iso={s.unblinding.unblindedAt} /> by {s.unblinding.unblindedBy}. Reason: “{s.unblinding.reason}”. The opened key matched the
              seal’s commitment.
            </>
          ) : (
            'Still blinded'
          )}
        </Fact>
      </dl>
    </Card>
  );
}
