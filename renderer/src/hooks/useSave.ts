// One save of a settings form: busy while the call runs, what it saved (a sentence for the person)
// or why it failed. The forms of a step (the picture, the coding window, a blinding reason) each
// save this way, so each says "Saved: …" or the refusal in the same place.
import { useCallback, useState } from 'react';
import { messageOf } from '../api';

export interface Save {
  readonly busy: boolean;
  /** What the last save did, in words ('' until one succeeds). */
  readonly message: string;
  /** Why the last save failed ('' unless it did). */
  readonly error: string;
  /** Runs `action`; the sentence it resolves to becomes `message`. Resolves whether it succeeded. */
  readonly run: (action: () => Promise<string>) => Promise<boolean>;
}

export function useSave(): Save {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const run = useCallback(async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage('');
    setError('');
    try {
      setMessage(await action());
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, error, run };
}
