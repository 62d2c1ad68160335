// A note as text, each time written in it ("0:03", "1:02:05") a button that seeks the video there.
import { noteParts } from './moments';

export function NoteText({ text, onSeek, className }: { text: string; onSeek?: ((seconds: number) => void) | undefined; className?: string }) {
  return (
    <span className={className}>
      {noteParts(text).map((p, i) =>
        p.seconds === null || !onSeek ? (
          p.text
        ) : (
          <button key={i} type="button" className="time-link" aria-label={`Go to ${p.text}`} onClick={() => onSeek(p.seconds)}>
            {p.text}
          </button>
        ),
      )}
    </span>
  );
}
