import { ProgressBar } from '../components/ProgressBar';
import { useCall } from '../hooks/useCall';

const STATUS_TEXT = { todo: 'Not started', draft: 'Draft saved', submitted: 'Submitted' } as const;

export function Queue({ onOpen }: { onOpen: (code: string) => void }) {
  const [queue] = useCall('coding.queue', {});
  if (queue.state === 'loading') return <main className="page" aria-busy="true" />;
  if (queue.state === 'error') return <main className="page"><p role="alert" className="error">{queue.message}</p></main>;
  const { items, done, total, resumeCode } = queue.value;
  if (total === 0) {
    return (
      <main className="page">
        <h1>Your clips</h1>
        <p className="empty-note" data-testid="queue-empty">
          No clips have been given to you yet. The study manager assigns clips once the recordings are de-identified; they appear here, in the order to code
          them, when you next open this page or log in.
        </p>
      </main>
    );
  }
  return (
    <main className="page">
      <h1>Your clips</h1>
      <ProgressBar done={done} total={total} label="Clips submitted" />
      {resumeCode ? (
        <button type="button" className="primary" onClick={() => onOpen(resumeCode)} autoFocus>
          {done === 0 && !items.some((i) => i.status === 'draft') ? 'Start coding' : 'Resume coding'}
        </button>
      ) : (
        <p className="done-note">Every clip in your queue is submitted. Thank you.</p>
      )}
      <ol className="queue">
        {items.map((item) => (
          <li key={item.code}>
            <button type="button" className="queue-item" onClick={() => onOpen(item.code)}>
              <span className="queue-pos">{item.position}</span>
              <span className="code">
                {item.code}
                {item.training && <span className="training-tag"> training</span>}
              </span>
              <span className={`status status-${item.status}`}>{STATUS_TEXT[item.status]}</span>
            </button>
          </li>
        ))}
      </ol>
    </main>
  );
}
