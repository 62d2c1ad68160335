// The drift plot's labels sit outside its frame: a label written on the threshold's line lay over
// the last batch's interval and point (tests/.artifacts/reliability-report.png), where the data is.
import { describe, expect, it } from 'vitest';
import type { DriftBatch } from '../../../electron/common/contract';
import { driftSvg } from '../../../electron/core/reliability/export';

function batch(index: number, kappa: number, ci95: [number, number], partial = false): DriftBatch {
  return {
    index,
    first: 4 * index - 3,
    last: 4 * index,
    n: 4,
    from: '2026-12-04T21:22:00Z',
    to: '2026-12-04T21:22:00Z',
    partial,
    kappa: { defined: true, value: { kappa, observedAgreement: 0.9, expectedAgreement: 0.5, n: 4, se: 0.1, ci95, clipped: false, se0: 0.1, z: { defined: true, value: 2 } } },
    meetsThreshold: kappa >= 0.7,
  } as DriftBatch;
}

interface Text {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

function texts(svg: string): Text[] {
  return [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]*)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
}

function frame(svg: string): { x: number; y: number; width: number; height: number } {
  const m = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/.exec(svg);
  if (!m) throw new Error('no frame');
  return { x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
}

describe('the drift plot', () => {
  // As in the report's screenshot: the last batch's interval crosses the threshold at the right end.
  const batches = [batch(1, 0.619, [0.084, 1]), batch(2, 0.786, [0.525, 1]), batch(3, 0.778, [0.619, 0.936])];

  it('writes no label inside its frame, where batches are drawn: the threshold is named in a key above it', () => {
    const svg = driftSvg(batches, 0.7, 'linear');
    const box = frame(svg);
    const all = texts(svg);
    const threshold = all.find((t) => t.text === 'threshold 0.7');
    expect(threshold).toBeDefined();
    // Its baseline at least a line's height (12 px) below the top of the picture, and above the frame.
    expect(threshold!.y).toBeGreaterThanOrEqual(12);
    expect(threshold!.y).toBeLessThan(box.y - 4);
    for (const t of all) {
      const inside = t.x > box.x && t.x < box.x + box.width && t.y > box.y && t.y < box.y + box.height;
      expect(inside, `"${t.text}" at ${t.x},${t.y}`).toBe(false);
    }
    // The threshold's line itself is still drawn across the frame, dashed.
    expect(svg).toMatch(/<line x1="60" x2="504" y1="[\d.]+" y2="[\d.]+" stroke="#b03a2e" stroke-width="1.2" stroke-dasharray="5 3"\/>/);
  });

  it("keeps the key's entries apart and inside the picture, with a partial batch's entry when there is one", () => {
    const svg = driftSvg([...batches, batch(4, 0.5, [-0.2, 0.9], true)], 0.85, 'quadratic');
    const width = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
    const key = texts(svg).filter((t) => t.y < frame(svg).y);
    expect(key.map((t) => t.text)).toEqual(['κ with 95% CI', 'partial batch', 'threshold 0.85']);
    // Each entry begins after the one before it ends (7.2 px a character is more than Helvetica's 12 px needs).
    for (let i = 1; i < key.length; i++) expect(key[i]!.x - 28).toBeGreaterThan(key[i - 1]!.x + key[i - 1]!.text.length * 6.7);
    expect(key[0]!.x - 28).toBeGreaterThanOrEqual(0);
    expect(key.at(-1)!.x + key.at(-1)!.text.length * 7.2).toBeLessThanOrEqual(width);
  });
});
