// What a save said (./hooks/useSave): the sentence announced politely, a refusal as an alert.
import type { Save } from '../hooks/useSave';

export function SaveFeedback({ save }: { save: Save }) {
  return (
    <>
      {save.message && <p aria-live="polite">{save.message}</p>}
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
    </>
  );
}
