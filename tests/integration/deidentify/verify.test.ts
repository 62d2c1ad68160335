// verifyBlindedOutput accepts only what a bitexact MP4 muxer writes on its own, and names what else
// it finds. Each bad file below is a clean output with one thing added back.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import { STRIP_OPTIONS } from '../../../electron/core/blinding/deidentify/plan';
import { probeProblems } from '../../../electron/core/blinding/deidentify/verify';
import { runFfmpeg } from '../../../electron/core/media/run';
import { makeClip } from '../../support/mediaFixtures';
import { audioFrames } from '../../support/planted';
import { useWorkspace } from './workspace';

const ws = useWorkspace('verify');
let clean = '';

const BITEXACT = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', '-movflags', '+faststart'];
// The pipeline's stripping minus -sn/-dn, so that a test can map a subtitle or data stream back in.
const STRIP = ['-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-map_chapters', '-1', '-write_tmcd', '0'];

/** The clean output, stream-copied with everything stripped, plus `extra`. */
async function variant(name: string, inputs: readonly string[], extra: readonly string[]): Promise<string> {
  const out = ws.path(name);
  await runFfmpeg(['-y', '-i', clean, ...inputs, '-map', '0:v', '-map', '0:a', '-c', 'copy', ...STRIP, ...extra, out]);
  return out;
}

beforeAll(async () => {
  const source = await makeClip(ws.path('source.mp4'));
  const { results } = await runDeidentification([{ sourceFile: source, outputDir: ws.path('blinded'), code: 'VRFY-0001' }]);
  clean = results[0]?.outputFile ?? '';
  await writeFile(ws.path('chapters.txt'), ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=One\n');
  await writeFile(ws.path('subs.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
});

describe('verifyBlindedOutput', () => {
  it('passes the pipeline output', async () => {
    expect(await verifyBlindedOutput(clean)).toEqual([]);
  });

  it('rejects a format tag', async () => {
    const file = await variant('tag.mp4', [], [...BITEXACT, '-metadata', 'title=Visit 3']);
    expect(await verifyBlindedOutput(file)).toContain('format tag "title" is not allowed');
  });

  it('rejects a creation date, in the tags and in the headers', async () => {
    const file = await variant('dated.mp4', [], [...BITEXACT, '-metadata', 'creation_time=2021-03-04T05:06:07Z']);
    const problems = await verifyBlindedOutput(file);
    expect(problems).toContain('the file carries a creation_time');
    expect(problems).toContain('moov/mvhd carries a creation or modification date');
  });

  it('rejects chapters', async () => {
    const file = await variant('chapters.mp4', ['-i', ws.path('chapters.txt')], [...BITEXACT, '-map_chapters', '1']);
    const problems = await verifyBlindedOutput(file);
    expect(problems).toContain('the file has 1 chapter(s)');
  });

  it('rejects an extra stream', async () => {
    const file = await variant('subtitled.mp4', ['-i', ws.path('subs.srt')], [...BITEXACT, '-map', '1:0', '-c:s', 'mov_text']);
    expect(await verifyBlindedOutput(file)).toContain('stream 2 (subtitle) is not allowed: only one video and one audio stream');
    const twoAudio = await variant('two-audio.mp4', [], [...BITEXACT, '-map', '0:a']);
    expect(await verifyBlindedOutput(twoAudio)).toContain('the file has 2 audio streams, not at most 1');
  });

  it('rejects a display matrix', async () => {
    const file = await variant('rotated.mp4', [], [...BITEXACT, '-metadata:s:v:0', 'rotate=90']);
    const problems = await verifyBlindedOutput(file);
    expect(problems).toContain('stream 0 (video) carries side data (Display Matrix)');
    expect(problems).toContain('moov/trak/tkhd has a display matrix (rotation)');
  });

  it('rejects an output written without bitexact (a versioned encoder tag)', async () => {
    const file = ws.path('not-bitexact.mp4');
    await runFfmpeg(['-y', '-i', clean, '-c', 'copy', '-map_metadata', '-1', '-movflags', '+faststart', file]);
    expect(await verifyBlindedOutput(file)).toEqual(['format tag "encoder" has a value outside the allow-list']);
  });

  it('rejects a box ffprobe does not show (XMP in a uuid box)', async () => {
    const file = await variant('xmp.mp4', [], BITEXACT);
    const xmp = Buffer.from('<x:xmpmeta><dc:title>PX-1</dc:title></x:xmpmeta>');
    const header = Buffer.alloc(24);
    header.writeUInt32BE(24 + xmp.length, 0);
    header.write('uuid', 4, 'latin1');
    Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex').copy(header, 8);
    await appendFile(file, Buffer.concat([header, xmp]));
    expect(await verifyBlindedOutput(file)).toEqual(['unexpected box uuid']);
  });

  it('rejects bytes in mdat that no sample claims (the muxer writes samples back to back)', async () => {
    const file = ws.path('mdat-extra.mp4');
    const data = await readFile(clean);
    // Faststart output ends with mdat: grow it by some text.
    let at = 0;
    while (data.toString('latin1', at + 4, at + 8) !== 'mdat') at += data.readUInt32BE(at);
    expect(at + data.readUInt32BE(at)).toBe(data.length);
    const text = Buffer.from('Camera PX-1 serial 4711');
    const grown = Buffer.concat([data, text]);
    grown.writeUInt32BE(data.readUInt32BE(at) + text.length, at);
    await writeFile(file, grown);
    expect(await verifyBlindedOutput(file)).toEqual([`mdat holds ${text.length} byte(s) that no sample claims`]);
  });

  it('rejects a moov after the media data', async () => {
    const file = ws.path('slow-start.mp4');
    await runFfmpeg(['-y', '-i', clean, '-c', 'copy', ...STRIP_OPTIONS, '-fflags', '+bitexact', file]);
    expect(await verifyBlindedOutput(file)).toEqual(['moov comes after mdat (not faststart)']);
  });

  it('rejects another container and an unreadable file', async () => {
    const mkv = ws.path('other.mkv');
    await runFfmpeg(['-y', '-i', clean, '-c', 'copy', ...STRIP_OPTIONS, mkv]);
    expect(await verifyBlindedOutput(mkv)).toContain('the container is not MP4');
    const junk = ws.path('junk.mp4');
    await writeFile(junk, 'junk');
    expect(await verifyBlindedOutput(junk)).toContain('ffprobe cannot read the file');
  });
});

describe('verifyBlindedOutput inside the audio', () => {
  const videoBitexact = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-movflags', '+faststart'];

  it('rejects AAC encoded without bitexact: its first frame names the encoder in a fill element', async () => {
    const file = ws.path('audio-named.mp4');
    await runFfmpeg(['-y', '-i', clean, '-map', '0:v', '-map', '0:a', '-c:v', 'copy', '-c:a', 'aac', ...STRIP, ...videoBitexact, file]);
    expect((await audioFrames(file)).toString('latin1')).toMatch(/Lavc\d+\.\d+\.\d+/);
    expect(await verifyBlindedOutput(file)).toEqual([
      "the audio frames carry elements other than sound (1 FIL: data, fill or config elements can hold any bytes, an encoder's name among them): re-encode the audio",
    ]);
  });

  it('rejects three channels: the config needs a program config element, whose comment field is free text', async () => {
    const file = ws.path('three-channel.mp4');
    await runFfmpeg(['-y', '-i', clean, '-map', '0:v', '-map', '0:a', '-c:v', 'copy', '-c:a', 'aac', '-ac', '3', ...STRIP, ...BITEXACT, file]);
    expect(await verifyBlindedOutput(file)).toEqual([
      'the AudioSpecificConfig has no standard channel configuration (a program config element, whose comment field is free text): re-encode it to mono or stereo',
    ]);
  });

  it('rejects audio that does not decode cleanly, since its frames cannot be walked', async () => {
    const adts = await audioFrames(clean);
    // Overwrite the middle of each frame's raw data block (after its 7-byte ADTS header), but for
    // the first few, which ffmpeg decodes to learn the stream's parameters when it muxes.
    for (let at = 0, frame = 0; at < adts.length; frame++) {
      const length = (((adts[at + 3] as number) & 0x03) << 11) | ((adts[at + 4] as number) << 3) | ((adts[at + 5] as number) >> 5);
      if (frame >= 5) adts.fill(0xa5, at + 7 + Math.floor((length - 7) / 3), at + length - 2);
      at += length;
    }
    await writeFile(ws.path('broken.aac'), adts);
    const file = ws.path('broken-audio.mp4');
    await runFfmpeg(['-y', '-i', clean, '-i', ws.path('broken.aac'), '-map', '0:v', '-map', '1:a', '-c', 'copy', ...STRIP, ...BITEXACT, file]);
    expect(await verifyBlindedOutput(file)).toEqual(['the audio does not decode cleanly, so its frames cannot be walked: re-encode it']);
  });

  it('rejects a free box holding anything but zero bytes', async () => {
    const file = await variant('free-text.mp4', [], BITEXACT);
    const text = Buffer.from('Camera PX-1');
    const header = Buffer.alloc(8);
    header.writeUInt32BE(8 + text.length, 0);
    header.write('free', 4, 'latin1');
    await appendFile(file, Buffer.concat([header, text]));
    expect(await verifyBlindedOutput(file)).toEqual(['a free box holds something other than zero bytes']);
    expect((await readFile(file)).includes('PX-1')).toBe(true);
  });
});

describe('probeProblems allow-list', () => {
  const base = {
    format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', tags: { major_brand: 'isom', minor_version: '512', compatible_brands: 'isomiso2avc1mp41' } },
    chapters: [],
    streams: [
      { codec_type: 'video', codec_name: 'h264', tags: { language: 'und', handler_name: 'VideoHandler', vendor_id: '[0][0][0][0]' } },
      { codec_type: 'audio', codec_name: 'aac', tags: { language: 'und', handler_name: 'SoundHandler', vendor_id: '[0][0][0][0]' } },
    ],
  };
  const withTags = (format: Record<string, string>, video: Record<string, string> = {}): unknown => ({
    ...base,
    format: { ...base.format, tags: { ...base.format.tags, ...format } },
    streams: [{ ...base.streams[0], tags: { ...base.streams[0]?.tags, ...video } }, base.streams[1]],
  });

  it('accepts the bare bitexact encoder names of newer ffmpeg', () => {
    expect(probeProblems(withTags({ encoder: 'Lavf' }, { encoder: 'Lavc libx264' }))).toEqual([]);
  });

  it('rejects versioned encoder names, other handlers and languages', () => {
    expect(probeProblems(withTags({ encoder: 'Lavf58.24.100' }, { encoder: 'Lavc58.42.100 libx264' }))).toEqual([
      'format tag "encoder" has a value outside the allow-list',
      'stream 0 (video) tag "encoder" has a value outside the allow-list',
    ]);
    expect(probeProblems(withTags({}, { handler_name: 'Core Media Video', language: 'nld' }))).toEqual([
      'stream 0 (video) tag "language" has a value outside the allow-list',
      'stream 0 (video) tag "handler_name" has a value outside the allow-list',
    ]);
  });

  it('never quotes a tag value, or an unusual tag name, back', () => {
    const problems = probeProblems(withTags({ title: 'PX-40711', 'PX-40712': 'x' }, { title: 'ARM-VIPP' }));
    expect(problems).toEqual([
      'format tag "title" is not allowed',
      'format tag with an unlisted name is not allowed',
      'stream 0 (video) tag "title" is not allowed',
    ]);
  });
});
