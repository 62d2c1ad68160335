// A long task as people follow it: one bar, "12 of 40 clips · about 3 min left", and a bar per item
// still in flight (finished ones drop off, so forty clips do not make forty bars).
import type { FollowedTask } from '../hooks/useTaskProgress';
import { finishedItems, progressText, timeLeft } from '../progress';

interface Props {
  readonly followed: FollowedTask;
  readonly label: string;
  /** What is counted: "clips", "recordings". */
  readonly unit: string;
  /**
   * How many items the task runs over when the task board counts percent (de-identification): the
   * count is the finished items; null when that number is not known here (percent and time only).
   */
  readonly items?: number | null;
  readonly testId?: string;
  readonly nameOf?: (code: string) => string;
}

export function TaskProgress({ followed, label, unit, items, nameOf, testId }: Props) {
  const { progress, elapsedMs } = followed;
  const byItems = items !== undefined;
  const fraction = byItems ? progress.done / 100 : progress.total === 0 ? 0 : progress.done / progress.total;
  const percent = Math.round(100 * Math.min(1, fraction));
  const text =
    items === null
      ? `${percent}%${timeLeft(fraction, elapsedMs) ? ` · ${timeLeft(fraction, elapsedMs)}` : ''}`
      : items === undefined
        ? progressText(progress.done, progress.total, unit, fraction, elapsedMs)
        : progressText(Math.min(items, finishedItems(progress.items)), items, unit, fraction, elapsedMs);
  const inFlight = Object.entries(progress.items).filter(([, p]) => p < 100);
  return (
    <div className="job-progress" data-testid={testId ?? 'task-progress'}>
      <div className="progress">
        <div className="progress-text" aria-live="polite">
          {label}: <strong>{text}</strong>
        </div>
        <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text}>
          <div className="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
      {byItems && nameOf
        ? inFlight.map(([code, p]) => (
            <div key={code} className="progress progress-item">
              <div className="progress-text">
                {nameOf(code)}: {Math.round(p)}%
              </div>
              <div className="progress-track" role="progressbar" aria-label={`${nameOf(code)} (%)`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(p)}>
                <div className="progress-fill" style={{ width: `${Math.round(p)}%` }} />
              </div>
            </div>
          ))
        : null}
    </div>
  );
}
