// verifyBlindedOutput accepts only what a bitexact MP4 muxer writes on its own, and names what else
// it finds. Each bad file below is a clean output with one thing added back.
import { appendFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import { STRIP_OPTIONS } from '../../../electron/core/blinding/deidentify/plan';
import { probeProblems } from '../../../electron/core/blinding/deidentify/verify';
import { runFfmpeg } from '../../../electron/core/media/run';
import { makeClip } from '../../support/mediaFixtures';
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
