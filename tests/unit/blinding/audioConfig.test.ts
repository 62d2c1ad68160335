// The AudioSpecificConfig an output may carry (ISO/IEC 14496-3 §1.6.2.1): AAC-LC in a standard
// channel configuration, optionally ffmpeg's explicit "no SBR" signal, and nothing else — no
// program config element (its comment field is free text), no bits after the syntax.
import { describe, expect, it } from 'vitest';
import { audioSpecificConfigProblems } from '../../../electron/core/blinding/deidentify/audioTrack';

const bits = (s: string): Buffer => {
  const padded = s.replace(/ /g, '').padEnd(Math.ceil(s.replace(/ /g, '').length / 8) * 8, '0');
  return Buffer.from(padded.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
};

describe('audioSpecificConfigProblems', () => {
  it("passes ffmpeg's own AAC-LC configs: 48 kHz stereo with the no-SBR signal, 44.1 kHz mono without", () => {
    expect(audioSpecificConfigProblems(Buffer.from('119056e500', 'hex'))).toEqual({ channelConfiguration: 2, problems: [] });
    // object type 2, frequency index 4, channel configuration 1, three zero GASpecificConfig bits.
    expect(audioSpecificConfigProblems(bits('00010 0100 0001 000'))).toEqual({ channelConfiguration: 1, problems: [] });
  });

  it('refuses HE-AAC (object type 5) and an escaped object type, advising a re-encode', () => {
    expect(audioSpecificConfigProblems(bits('00101 0011 0010 000')).problems).toEqual(['the audio is AAC of object type 5, not AAC-LC (2): re-encode it']);
    expect(audioSpecificConfigProblems(bits('11111 000010 0011 0010 000')).problems).toEqual(['the audio is AAC of object type 34, not AAC-LC (2): re-encode it']);
  });

  it('refuses channel configuration 0: a program config element follows, with a comment field', () => {
    expect(audioSpecificConfigProblems(bits('00010 0011 0000 000 0000 0001 ...'.replace('...', '0'.repeat(40)))).problems).toEqual([
      'the AudioSpecificConfig has no standard channel configuration (a program config element, whose comment field is free text): re-encode it to mono or stereo',
    ]);
  });

  it('refuses SBR signalled present, bits after the syntax, and flags an AAC-LC encode leaves clear', () => {
    // The sync extension with sbrPresentFlag 1.
    expect(audioSpecificConfigProblems(bits('00010 0011 0010 000 01010110111 00101 1 0011')).problems).toContain('the AudioSpecificConfig carries an extension beyond AAC-LC');
    // "PX" after a complete config.
    expect(audioSpecificConfigProblems(Buffer.concat([Buffer.from('1190', 'hex'), Buffer.from('PX')])).problems.length).toBeGreaterThan(0);
    expect(audioSpecificConfigProblems(bits('00010 0011 0010 000 0000101')).problems).toEqual(['the AudioSpecificConfig carries bits beyond its syntax']);
    expect(audioSpecificConfigProblems(bits('00010 0011 0010 100')).problems).toEqual([
      'the AudioSpecificConfig sets fields an AAC-LC encode leaves clear (frame length, core coder, extension)',
    ]);
  });

  it('refuses a config cut short', () => {
    expect(() => audioSpecificConfigProblems(Buffer.from([0x11]))).toThrow('the AudioSpecificConfig is cut short');
  });
});
