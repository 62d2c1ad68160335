// "Watch as a coder": the manager plays a de-identified clip exactly as a coder receives it — by its
// code, through a short-lived media link, in the coders' player — to see what the de-identification
// left in the picture and sound (a burned-in date, a name said aloud) before coding starts.
import { useState } from 'react';
import type { WatchClipView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { VideoPlayer } from '../../components/VideoPlayer';

export function WatchAsCoder() {
  const [clip, setClip] = useState<WatchClipView | null>(null);
  const [error, setError] = useState('');
  const watch = async () => {
    setError('');
    try {
      setClip(await call('setup.watchAsCoder', {}));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="watch-as-coder" aria-labelledby="watch-title" data-testid="watch-as-coder">
      <h3 id="watch-title">Watch as a coder</h3>
      <p className="muted">
        A clip drawn at random, exactly as a coder receives it: the same de-identified file, known only by its code, in the same player. Look and listen for
        anything that could tell a coder the family, the visit or the arm.
      </p>
      {clip ? (
        <>
          <p>
            Clip <span className="code">{clip.code}</span> <span className="muted">(one of {clip.clips} de-identified clips)</span>
          </p>
          <VideoPlayer key={clip.mediaUrl} src={clip.mediaUrl} frameRate={clip.frameRate} label={`Clip ${clip.code}`} />
        </>
      ) : null}
      <button type="button" onClick={() => void watch()}>
        {clip ? 'Watch another clip' : 'Watch a clip as a coder'}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
