// Region masks → an ffmpeg filter chain. Pure: sizes in, filter text out.
//
// Masks are drawn on the upright picture. ffmpeg applies a source's rotation before the filters
// (autorotate), so the coordinates reach the filters unchanged. Every rectangle is widened to even
// edges because yuv420p stores colour at half resolution: an odd edge would leave a chroma column
// of the covered region half-visible.
import type { RegionMask } from './types';

export class InvalidMaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMaskError';
  }
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Clamps a mask to the frame and snaps it outward to even edges. A mask partly outside the frame is
 * clamped (a rectangle drawn to the edge often overshoots by a pixel); one with nothing inside is an
 * error, because silently ignoring it would leave whatever it was meant to hide.
 */
export function snapToFrame(mask: RegionMask, frameWidth: number, frameHeight: number): Rect {
  const values = [mask.x, mask.y, mask.width, mask.height];
  if (!values.every(Number.isFinite) || mask.width <= 0 || mask.height <= 0) {
    throw new InvalidMaskError('A mask needs finite coordinates and a positive width and height');
  }
  const left = Math.max(0, Math.floor(mask.x / 2) * 2);
  const top = Math.max(0, Math.floor(mask.y / 2) * 2);
  const right = Math.min(frameWidth, Math.ceil((mask.x + mask.width) / 2) * 2);
  const bottom = Math.min(frameHeight, Math.ceil((mask.y + mask.height) / 2) * 2);
  if (right - left < 2 || bottom - top < 2) {
    throw new InvalidMaskError(`A ${mask.kind} mask lies outside the ${frameWidth}×${frameHeight} picture`);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The blur: a box blur whose radius is half the rectangle's short side, applied three times — close
 * to replacing the region by its local mean, so burned-in digits do not survive as shapes.
 * boxblur caps the radius at half the plane's short side; chroma planes are half size in yuv420p.
 */
function blurFilter(r: Rect): string {
  const luma = Math.max(1, Math.floor(Math.min(r.width, r.height) / 2));
  const chroma = Math.floor(Math.min(r.width / 2, r.height / 2) / 2);
  return `crop=${r.width}:${r.height}:${r.x}:${r.y},boxblur=luma_radius=${luma}:luma_power=3:chroma_radius=${chroma}:chroma_power=3`;
}

export interface MaskChain {
  /** A -vf graph with exactly one unlabelled input and one unlabelled output. */
  readonly filter: string;
  readonly width: number;
  readonly height: number;
}

/**
 * The filter graph for a transcode: yuv420p, trimmed to even dimensions (H.264 in yuv420p needs
 * them), blurs in order, then the crop. With no masks and an even frame, only the format filter.
 */
export function maskChain(masks: readonly RegionMask[], uprightWidth: number, uprightHeight: number): MaskChain {
  const crops = masks.filter((m) => m.kind === 'crop');
  if (crops.length > 1) throw new InvalidMaskError('At most one crop mask per recording');
  const frameWidth = uprightWidth - (uprightWidth % 2);
  const frameHeight = uprightHeight - (uprightHeight % 2);
  const blurs = masks.filter((m) => m.kind === 'blur').map((m) => snapToFrame(m, frameWidth, frameHeight));
  const crop = crops[0] ? snapToFrame(crops[0], frameWidth, frameHeight) : undefined;

  const first = ['format=yuv420p'];
  if (frameWidth !== uprightWidth || frameHeight !== uprightHeight) first.push(`crop=${frameWidth}:${frameHeight}:0:0`);
  const cropText = crop ? `crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}` : undefined;
  let filter: string;
  if (blurs.length === 0) {
    filter = [...first, ...(cropText ? [cropText] : [])].join(',');
  } else {
    const segments = [`${first.join(',')}[frame0]`];
    blurs.forEach((r, i) => {
      segments.push(`[frame${i}]split[base${i}][region${i}]`);
      segments.push(`[region${i}]${blurFilter(r)}[blurred${i}]`);
      segments.push(`[base${i}][blurred${i}]overlay=${r.x}:${r.y}${i + 1 < blurs.length || cropText ? `[frame${i + 1}]` : ''}`);
    });
    if (cropText) segments.push(`[frame${blurs.length}]${cropText}`);
    filter = segments.join(';');
  }
  return {
    filter,
    width: crop ? crop.width : frameWidth,
    height: crop ? crop.height : frameHeight,
  };
}
