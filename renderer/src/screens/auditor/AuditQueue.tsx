// The auditor's queue: their session recordings in the shuffled order they were dealt, with
// progress and where to resume. Codes only — nothing about the session until it is opened.
import type { CoderQueue } from '../../../../electron/common/contract';
import { ProgressBar } from '../../components/ProgressBar';

const STATUS_TEXT = { todo: 'Not started', draft: 'Draft saved', submitted: 'Submitted' } as const;

export function AuditQueue({ queue, onOpen }: { queue: CoderQueue; onOpen: (code: string) => void }) {
  const { items, done, total, resumeCode } = queue;
  return (
    <>
      <ProgressBar done={done} total={total} label="Session recordings audited" />
      {total === 0 ? (
        <p>No session recordings have been assigned to you yet.</p>
      ) : resumeCode ? (
        <button type="button" className="primary" onClick={() => onOpen(resumeCode)} autoFocus>
          {done === 0 && !items.some((i) => i.status === 'draft') ? 'Start auditing' : 'Resume auditing'}
        </button>
      ) : (
        <p className="done-note">Every session recording in your queue is audited. Thank you.</p>
      )}
      <ol className="queue">
        {items.map((item) => (
          <li key={item.code}>
            <button type="button" className="queue-item" onClick={() => onOpen(item.code)}>
              <span className="queue-pos">{item.position}</span>
              <span className="code">{item.code}</span>
              <span className={`status status-${item.status}`}>{STATUS_TEXT[item.status]}</span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
