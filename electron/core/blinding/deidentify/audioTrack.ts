// The audio track's description, held to what our own AAC-LC encode writes: an `mp4a` sample
// entry with one `esds` (its other children are ./leaves' to check), an ES descriptor with no URL,
// and an AudioSpecificConfig of AAC-LC in a standard channel configuration with nothing after it.
//
// Why each: an ES_Descriptor may carry a URL string (ISO/IEC 14496-1 §7.2.6.5, URL_Flag) and
// further descriptors of any kind; an AudioSpecificConfig with channelConfiguration 0 carries a
// program_config_element, whose comment field is free text (ISO/IEC 14496-3 §4.4.1.1, Table 4.2);
// and a decoder reads a config only as far as its syntax goes. A stream copy would bring the
// source's config along (./audio and ./plan re-encode every audio stream, so none is copied).
import type { Box } from './boxes';
import { atLeast, body, child, children, need, sampleEntry, SampleTableError } from './moov';
import type { Moov, Track } from './moov';

// SampleEntry (8 bytes) + AudioSampleEntry's fixed fields (20 bytes) before its boxes (ISO/IEC 14496-12 §12.2.3).
const AUDIO_SAMPLE_ENTRY_FIELDS = 28;
const ES_DESCRIPTOR = 0x03;
const DECODER_CONFIG = 0x04;
const DECODER_SPECIFIC_INFO = 0x05;
const SL_CONFIG = 0x06;
const AUDIO_ISO_14496_3 = 0x40;
const AUDIO_STREAM = 0x05;
const AAC_LC = 2;

/** The syntactic elements of one raw_data_block per channelConfiguration (ISO/IEC 14496-3 Table 1.19). */
export const CHANNEL_ELEMENTS: Readonly<Record<number, readonly ('SCE' | 'CPE' | 'LFE')[]>> = {
  1: ['SCE'],
  2: ['CPE'],
  3: ['SCE', 'CPE'],
  4: ['SCE', 'CPE', 'SCE'],
  5: ['SCE', 'CPE', 'CPE'],
  6: ['SCE', 'CPE', 'CPE', 'LFE'],
  7: ['SCE', 'CPE', 'CPE', 'CPE', 'LFE'],
};

export interface AudioTrackFacts {
  /** channelConfiguration of the AudioSpecificConfig, 1–7, when it parsed. */
  readonly channelConfiguration?: number;
  /** Samples (AAC frames) in the track, from stsz. */
  readonly frames: number;
  readonly problems: readonly string[];
}

/** One descriptor (ISO/IEC 14496-1 §8.3.3): a tag byte and a size of 1–4 bytes, 7 bits each. */
function descriptor(data: Buffer, at: number, end: number): { tag: number; start: number; end: number } {
  if (at + 2 > end) throw new SampleTableError('the esds descriptors are cut short');
  const tag = data.readUInt8(at);
  let size = 0;
  let p = at + 1;
  for (let i = 0; ; i++) {
    if (i === 4 || p >= end) throw new SampleTableError('an esds descriptor has a malformed size');
    const byte = data.readUInt8(p++);
    size = size * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) break;
  }
  if (p + size > end) throw new SampleTableError('an esds descriptor overruns its box');
  return { tag, start: p, end: p + size };
}

/** Reads bits MSB first; beyond the end reads as undefined. */
function bitsOf(config: Buffer): { u: (n: number) => number; left: () => number; restIsZero: () => boolean } {
  let bit = 0;
  const total = config.length * 8;
  const at = (i: number): number => ((config[i >> 3] as number) >> (7 - (i & 7))) & 1;
  return {
    u: (n) => {
      if (bit + n > total) throw new SampleTableError('the AudioSpecificConfig is cut short');
      let value = 0;
      for (let i = 0; i < n; i++) value = value * 2 + at(bit++);
      return value;
    },
    left: () => total - bit,
    restIsZero: () => {
      for (let i = bit; i < total; i++) if (at(i) !== 0) return false;
      return true;
    },
  };
}

/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) with GASpecificConfig (§4.4.1): AAC-LC, a standard layout, nothing after. */
export function audioSpecificConfigProblems(config: Buffer): { channelConfiguration?: number; problems: string[] } {
  const r = bitsOf(config);
  const problems: string[] = [];
  let objectType = r.u(5);
  if (objectType === 31) objectType = 32 + r.u(6);
  const frequencyIndex = r.u(4);
  if (frequencyIndex === 15) r.u(24);
  const channelConfiguration = r.u(4);
  if (objectType !== AAC_LC) return { problems: [`the audio is AAC of object type ${objectType}, not AAC-LC (2): re-encode it`] };
  if (frequencyIndex > 12 && frequencyIndex !== 15) problems.push('the AudioSpecificConfig has a reserved sampling frequency index');
  const frameLength960 = r.u(1);
  const dependsOnCore = r.u(1);
  const extension = r.u(1);
  if (frameLength960 || dependsOnCore || extension) problems.push('the AudioSpecificConfig sets fields an AAC-LC encode leaves clear (frame length, core coder, extension)');
  if (!CHANNEL_ELEMENTS[channelConfiguration]) {
    problems.push('the AudioSpecificConfig has no standard channel configuration (a program config element, whose comment field is free text): re-encode it to mono or stereo');
    return { problems };
  }
  // What may follow: the explicit "no SBR" signal ffmpeg's encoder writes (§1.6.5.2, syncExtensionType 0x2B7).
  if (r.left() >= 16 && !r.restIsZero()) {
    const sync = r.u(11);
    const extensionType = sync === 0x2b7 ? r.u(5) : -1;
    const sbrPresent = extensionType === 5 ? r.u(1) : -1;
    if (sbrPresent !== 0) problems.push('the AudioSpecificConfig carries an extension beyond AAC-LC');
  }
  if (!r.restIsZero()) problems.push('the AudioSpecificConfig carries bits beyond its syntax');
  return { channelConfiguration, problems };
}

/** esds (ISO/IEC 14496-14 §5.6): exactly an ES_Descriptor holding a DecoderConfigDescriptor and an SLConfigDescriptor. */
function esdsConfig(data: Buffer, esds: Box): Buffer {
  const end = esds.start + esds.size;
  atLeast(esds, 4);
  if (data.readUInt32BE(body(esds)) !== 0) throw new SampleTableError('the esds box has a version or flags');
  const es = descriptor(data, body(esds) + 4, end);
  if (es.tag !== ES_DESCRIPTOR || es.end !== end) throw new SampleTableError('the esds box holds something besides one ES descriptor');
  if (es.start + 3 > es.end || (data.readUInt8(es.start + 2) & 0xe0) !== 0) {
    throw new SampleTableError('the ES descriptor names a URL, a dependency or a clock stream');
  }
  const decoder = descriptor(data, es.start + 3, es.end);
  const isAudio = decoder.end - decoder.start >= 13 && data.readUInt8(decoder.start) === AUDIO_ISO_14496_3 && data.readUInt8(decoder.start + 1) >> 2 === AUDIO_STREAM;
  if (decoder.tag !== DECODER_CONFIG || !isAudio) {
    throw new SampleTableError('the ES descriptor does not describe MPEG-4 audio');
  }
  const specific = descriptor(data, decoder.start + 13, decoder.end);
  if (specific.tag !== DECODER_SPECIFIC_INFO || specific.end !== decoder.end) throw new SampleTableError('the decoder config holds something besides its AudioSpecificConfig');
  const sl = descriptor(data, decoder.end, es.end);
  if (sl.tag !== SL_CONFIG || sl.end !== es.end || sl.end - sl.start !== 1 || data.readUInt8(sl.start) !== 2) {
    throw new SampleTableError('the ES descriptor holds something besides its decoder and sync layer configs');
  }
  return data.subarray(specific.start, specific.end);
}

/** The audio track's sample entry, esds and AudioSpecificConfig, checked; its frame count from stsz. */
export function audioTrackFacts(moov: Moov, track: Track): AudioTrackFacts {
  const { data } = moov;
  const stsz = atLeast(need(child(data, track.stbl, 'stsz'), 'stsz', 'audio'), 12);
  const frames = data.readUInt32BE(body(stsz) + 8);
  const { entry } = sampleEntry(data, track.stbl, 'audio');
  if (entry.type !== 'mp4a') return { frames, problems: ['the audio track is not described by an MPEG-4 audio sample entry'] };
  if (entry.size - entry.headerSize < AUDIO_SAMPLE_ENTRY_FIELDS || data.readBigUInt64BE(body(entry) + 8) !== 0n) {
    return { frames, problems: ['the audio sample entry is not the ISO layout (a QuickTime sound description)'] };
  }
  // Its other children are the box walk's to check (./leaves).
  const esds = children(data, entry, AUDIO_SAMPLE_ENTRY_FIELDS).filter((b) => b.type === 'esds');
  if (esds.length !== 1) return { frames, problems: ['the audio sample entry does not have exactly one esds box'] };
  const asc = audioSpecificConfigProblems(esdsConfig(data, esds[0] as Box));
  return { frames, ...(asc.channelConfiguration ? { channelConfiguration: asc.channelConfiguration } : {}), problems: asc.problems };
}
