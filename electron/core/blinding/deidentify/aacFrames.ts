// What is inside every AAC frame of an output, as the decoder that plays it sees it.
//
// An AAC frame (raw_data_block, ISO/IEC 14496-3 §4.4.2.1, Table 4.3) is a run of syntactic
// elements, each opened by a 3-bit id_syn_ele (Table 4.85): SCE 0, CPE 1, CCE 2, LFE 3, DSE 4,
// PCE 5, FIL 6, END 7. Sound is in SCE, CPE and LFE; a data stream element (DSE) holds up to 510
// bytes of anything, a fill element (FIL) up to 269 (an encoder writes its name there: ffmpeg's
// "Lavc58.35.100" without +bitexact), a PCE a comment field. Elements carry no length: finding a
// DSE after a CPE means decoding the CPE's Huffman-coded spectrum, which is what an AAC decoder
// does. So rather than a second AAC parser here, the walk asks ffmpeg's decoder — the one Chromium
// plays the file with — to name every element of every frame (`-debug startcode`), and holds the
// list to what our own encode writes: for each frame exactly the channel elements its
// channelConfiguration lays out (Table 1.19), numbered from 0 per kind, and nothing else.
//
// Fail-closed: the decoder instance that decoded the stream must have named exactly frames ×
// layout elements (the track's frame count is read from its stsz), so a log this code cannot read,
// a frame the decoder skipped, or trailing bytes decoded as a further frame all fail the output.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ffmpegPath } from '../../media/binaries';
import { CHANNEL_ELEMENTS } from './audioTrack';

// The decoder's context and address (`%p`: "0x55d0…" on Linux and macOS, "0000021F…" on Windows).
const ELEMENT = /^\[aac @ ([0-9A-Fa-fx]+)\] \[debug\] Elem type:([0-7]) id:([0-9a-f])$/;
const SEVERE = /\[(error|fatal|panic)\]/;
const AAC_WARNING = /^\[aac @ [0-9A-Fa-fx]+\] \[warning\]/;
const NAMES = ['SCE', 'CPE', 'CCE', 'LFE', 'DSE', 'PCE', 'FIL', 'END'];

interface DecoderLog {
  /** Per decoder instance (ffmpeg probes the stream with one, then decodes it with another): "type:id" of each element. */
  readonly instances: ReadonlyMap<string, string[]>;
  readonly errors: number;
  readonly exitCode: number | null;
}

function decodeWithElementLog(file: string): Promise<DecoderLog> {
  const args = [
    // `repeat`: every line, even one identical to the last (ffmpeg folds those by default), so
    // that every frame's elements are counted; `level`: each line says its severity.
    '-hide_banner', '-nostdin', '-loglevel', 'repeat+level+debug', '-debug', 'startcode',
    // Every packet, in file order: an edit list must not keep the priming frame from the decoder.
    '-ignore_editlist', '1',
    '-i', file, '-map', '0:a:0', '-f', 'null', '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const instances = new Map<string, string[]>();
    let errors = 0;
    const lines = createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      const match = ELEMENT.exec(line);
      if (match) {
        const [, instance = '', type = '', id = ''] = match;
        const list = instances.get(instance) ?? [];
        list.push(`${type}:${id}`);
        instances.set(instance, list);
      } else if (SEVERE.test(line) || AAC_WARNING.test(line)) errors++;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ instances, errors, exitCode }));
  });
}

/** "type:id" of each channel element of one frame, numbered from 0 per kind, as ffmpeg's encoder writes them. */
function frameLayout(channelConfiguration: number): string[] {
  const counters = new Map<number, number>();
  return (CHANNEL_ELEMENTS[channelConfiguration] ?? []).map((name) => {
    const type = NAMES.indexOf(name);
    const id = counters.get(type) ?? 0;
    counters.set(type, id + 1);
    return `${type}:${id.toString(16)}`;
  });
}

/** Problems with the frames' elements; empty when every frame holds exactly its channel elements. */
export async function aacFrameProblems(file: string, channelConfiguration: number, frames: number): Promise<string[]> {
  const log = await decodeWithElementLog(file);
  if (log.exitCode !== 0 || log.errors > 0) return ['the audio does not decode cleanly, so its frames cannot be walked: re-encode it'];
  const layout = frameLayout(channelConfiguration);
  // The instance that decoded the stream named the most elements; a probing one saw a frame or two.
  const lists = [...log.instances.values()].sort((a, b) => b.length - a.length);
  const decoded = lists[0] ?? [];
  const foreign = new Map<string, number>();
  let misplaced = 0;
  decoded.forEach((element, i) => {
    const name = NAMES[Number.parseInt(element.split(':')[0] ?? '', 16)] ?? '?';
    if (name !== 'SCE' && name !== 'CPE' && name !== 'LFE') foreign.set(name, (foreign.get(name) ?? 0) + 1);
    else if (element !== layout[i % layout.length]) misplaced++;
  });
  if (foreign.size === 0 && lists.slice(1).some((list) => list.some((element, i) => element !== layout[i % layout.length]))) misplaced++;
  const problems: string[] = [];
  if (foreign.size > 0) {
    const found = [...foreign].map(([name, count]) => `${count} ${name}`).join(', ');
    problems.push(`the audio frames carry elements other than sound (${found}: data, fill or config elements can hold any bytes, an encoder's name among them): re-encode the audio`);
  }
  if (misplaced > 0) problems.push(`the audio frames hold ${misplaced} channel element(s) out of their channel configuration's order`);
  if (foreign.size === 0 && misplaced === 0 && decoded.length !== frames * layout.length) {
    problems.push(`the audio's ${frames} frame(s) could not all be walked (the decoder named ${decoded.length} element(s), not ${frames * layout.length})`);
  }
  return problems;
}
