// The blinding rule for media: nothing planted in a recording — tags, chapters, subtitle, data and
// timecode tracks, attachments, GPS, dates, the file and folder names, and inside the streams a
// data stream element in the AAC frames, the encoder's name in a fill element, an SEI among avcC's
// parameter sets — survives de-identification, on the copy path (MP4C, MOVC: the picture kept bit
// for bit) and the transcode path alike. Each fixture proves its planted values are present before
// the pipeline runs (see mediaFixtures).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyReport } from '../../../electron/core/blinding/deidentify';
import { scrubPaths } from '../../../electron/core/blinding/deidentify/files';
import { probeJson } from '../../../electron/core/media/probe';
import type { AdversarialRecording, PlantedKind } from '../../support/mediaFixtures';
import { makeAdversarialRecording } from '../../support/mediaFixtures';
import { audioFrames, ENCODER_STRING } from '../../support/planted';
import { aacElementTypes, avcCEntryTypes } from '../../support/streamPlants';
import { listing, useWorkspace } from './workspace';

const ws = useWorkspace('leak');

const VARIANTS = [
  { code: 'LEAK-MP4C', container: 'mp4', rotate: 0, participant: 'PX-40711', arm: 'ARM-VIPP-SD', mode: 'copy' },
  { code: 'LEAK-MP4R', container: 'mp4', rotate: 90, participant: 'PX-40712', arm: 'ARM-CONTROL', mode: 'transcode' },
  { code: 'LEAK-MOVR', container: 'mov', rotate: 270, participant: 'PX-40713', arm: 'ARM-VIPP-SD', mode: 'transcode' },
  { code: 'LEAK-MOVC', container: 'mov', rotate: 0, participant: 'PX-40714', arm: 'ARM-CONTROL', mode: 'copy' },
  { code: 'LEAK-MKVT', container: 'mkv', rotate: 0, participant: 'PX-40715', arm: 'ARM-VIPP-SD', mode: 'transcode' },
] as const;

const fixtures = new Map<string, AdversarialRecording>();
let report: DeidentifyReport;

function occurrences(haystack: Buffer, needle: string): string[] {
  const found: string[] = [];
  for (const [encoding, bytes] of [
    ['utf8', Buffer.from(needle, 'utf8')],
    ['utf16le', Buffer.from(needle, 'utf16le')],
    ['utf16be', Buffer.from(needle, 'utf16le').swap16()],
  ] as const) {
    if (haystack.includes(bytes)) found.push(`${needle} (${encoding})`);
  }
  if (haystack.toString('latin1').toLowerCase().includes(needle.toLowerCase())) found.push(`${needle} (any case)`);
  return found;
}

beforeAll(async () => {
  for (const v of VARIANTS) {
    // Ids in the folder and the file name as well: a site's export usually looks like this.
    const folder = ws.path(`${v.participant} ${v.arm}`);
    await mkdir(folder, { recursive: true });
    const file = `${folder}/${v.participant}_${v.arm}_T1.${v.container}`;
    fixtures.set(v.code, await makeAdversarialRecording(file, { participant: v.participant, arm: v.arm }, { container: v.container, rotate: v.rotate }));
  }
  report = await runDeidentification(
    VARIANTS.map((v) => ({ sourceFile: fixtures.get(v.code)?.file ?? '', outputDir: ws.path('blinded'), code: v.code })),
    { concurrency: 2 },
  );
});

describe('adversarial recordings', () => {
  it('plant every kind of hiding place across the variants', () => {
    const planted = new Set<PlantedKind>([...fixtures.values()].flatMap((f) => f.planted));
    const expected: PlantedKind[] = [
      'title', 'comment', 'artist', 'description', 'location', 'apple-location', 'creation-time', 'stream-title',
      'handler-name', 'stream-language', 'chapters', 'subtitle-track', 'data-track', 'timecode', 'attachment', 'rotation',
      'sei-user-data', 'aac-data-element', 'aac-encoder-string', 'avcc-sei',
    ];
    expect([...planted].sort()).toEqual([...expected].sort());
  });

  it('all de-identify, each in the expected mode', () => {
    expect(report.failures).toEqual([]);
    expect(report.results.map((r) => [r.code, r.mode])).toEqual(VARIANTS.map((v) => [v.code, v.mode]));
  });

  it.each(VARIANTS.map((v) => [v.code] as const))('%s: passes verification', async (code) => {
    const r = report.results.find((x) => x.code === code);
    expect(r).toBeDefined();
    expect(await verifyBlindedOutput(r?.outputFile ?? '')).toEqual([]);
  });

  it.each(VARIANTS.map((v) => [v.code] as const))('%s: no planted value in ffprobe output or in the bytes', async (code) => {
    const r = report.results.find((x) => x.code === code);
    const fixture = fixtures.get(code);
    if (!r || !fixture) throw new Error('missing result or fixture');
    const probe = JSON.stringify(await probeJson(r.outputFile));
    const bytes = await readFile(r.outputFile);
    const sourceProbe = JSON.stringify(await probeJson(fixture.file));
    for (const needle of fixture.needles) {
      // The needle is really in the source (so this is not vacuous) …
      expect(sourceProbe).toContain(needle);
      // … and nowhere in the output.
      expect(probe.toLowerCase()).not.toContain(needle.toLowerCase());
      expect(occurrences(bytes, needle)).toEqual([]);
    }
    const parsed = JSON.parse(probe) as { format: { tags?: Record<string, string> }; chapters: unknown[]; streams: { codec_type: string }[] };
    expect(parsed.chapters).toEqual([]);
    expect(parsed.streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(Object.keys(parsed.format.tags ?? {}).sort()).toEqual(['compatible_brands', 'major_brand', 'minor_version']);
    // Inside the streams: sound alone in every AAC frame (single channel elements: the fixtures'
    // tone is mono), no encoder's versioned name anywhere, nothing but SPS and PPS in avcC.
    expect([...(await aacElementTypes(r.outputFile))]).toEqual([0]);
    if (fixture.planted.includes('aac-encoder-string')) expect((await audioFrames(fixture.file)).toString('latin1')).toMatch(ENCODER_STRING);
    expect(bytes.toString('latin1')).not.toMatch(ENCODER_STRING);
    expect(avcCEntryTypes(bytes)).toEqual([7, 8]);
    // The result that goes on to the database names the clip by its code only.
    expect(JSON.stringify(r)).not.toMatch(/PX-407|ARM-|_T1/);
  });

  it('leaves only code-named files in the blinded folder', async () => {
    expect(await listing(ws.path('blinded'))).toEqual(VARIANTS.map((v) => `${v.code}.mp4`).sort());
  });
});

describe('failures', () => {
  it('never quote the source path or name', async () => {
    const folder = ws.path('PX-40799 ARM-VIPP-SD');
    await mkdir(folder, { recursive: true });
    const broken = `${folder}/PX-40799_ARM-VIPP-SD_T2.mp4`;
    await writeFile(broken, 'not a recording PX-40799');
    const { failures, results } = await runDeidentification([{ sourceFile: broken, outputDir: ws.path('broken-out'), code: 'LEAK-FAIL' }]);
    expect(results).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error.code).toBe('source_unreadable');
    expect(JSON.stringify(failures)).not.toMatch(/PX-40799|ARM-VIPP|_T2/);
    expect(await listing(ws.path('broken-out'))).toEqual([]);
  });

  it('scrub paths out of ffmpeg and file-system messages', () => {
    const source = '/data/site A/PX-1 ARM-X/PX-1_ARM-X.mov';
    const message = `${source}: Invalid data; open '/data/site A/PX-1 ARM-X/other.mov' failed; PX-1_ARM-X.mov`;
    const scrubbed = scrubPaths(message, source, '/study/blinded');
    expect(scrubbed).not.toMatch(/PX-1|ARM-X/);
    expect(scrubbed).toContain('<source>');
  });
});
