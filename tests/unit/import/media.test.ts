// What the recordings preview says about a file's streams, from ffprobe's JSON (parsed by the media
// area's own parseProbe, as in a real scan).
import { describe, expect, it } from 'vitest';

import { parseProbe } from '../../../electron/core/media/probe';
import { summarizeProbe } from '../../../electron/core/setup/import';

describe('summarizeProbe', () => {
  it('summarises a phone recording: rotation from the display matrix, data tracks listed', () => {
    const summary = summarizeProbe(
      parseProbe({
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '93.4' },
        streams: [
          { index: 0, codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, avg_frame_rate: '30000/1001', side_data_list: [{ rotation: -90 }] },
          { index: 1, codec_type: 'audio', codec_name: 'aac' },
          { index: 2, codec_type: 'data', codec_name: 'none', tags: { handler_name: 'Core Media Metadata' } },
        ],
      }),
    );
    expect(summary.durationSeconds).toBe(93.4);
    expect(summary.streams).toEqual([
      { type: 'video', codec: 'hevc' },
      { type: 'audio', codec: 'aac' },
      { type: 'data', codec: 'none' },
    ]);
    expect(summary.video).toEqual({ codec: 'hevc', width: 1920, height: 1080, frameRate: 30000 / 1001, rotation: -90 });
    expect(summary.audio).toEqual({ codec: 'aac' });
  });

  it('does not count cover art in an audio file as video, but does count an MJPEG camera stream', () => {
    const coverArt = summarizeProbe(
      parseProbe({
        format: { format_name: 'mp3', duration: '60' },
        streams: [
          { index: 0, codec_type: 'audio', codec_name: 'mp3' },
          { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, avg_frame_rate: '0/0', r_frame_rate: '90000/1' },
        ],
      }),
    );
    expect(coverArt.video).toBeNull();
    expect(coverArt.streams.map((s) => s.type)).toEqual(['audio', 'video']);

    const camera = summarizeProbe(
      parseProbe({
        format: { format_name: 'avi', duration: '12' },
        streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 640, height: 480, avg_frame_rate: '25/1' }],
      }),
    );
    expect(camera.video).toEqual({ codec: 'mjpeg', width: 640, height: 480, frameRate: 25, rotation: 0 });
    expect(camera.audio).toBeNull();
  });
});
