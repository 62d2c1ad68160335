// Shared steps of the e2e specs.
import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const ARTIFACTS = 'tests/.artifacts';

export async function login(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(`${name} ·`)).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** The media time of the frame the video presents after a seek to `seconds`. */
export function presentedAfterSeek(page: Page, seconds: number): Promise<number> {
  return page.locator('video').evaluate(
    (v: HTMLVideoElement, target: number) =>
      new Promise<number>((resolve) => {
        v.requestVideoFrameCallback((_now, meta) => resolve(meta.mediaTime));
        v.currentTime = target;
      }),
    seconds,
  );
}

/** Runs `act` and resolves with the media time of the next frame the video presents. */
export async function presentedAfter(page: Page, act: () => Promise<void>): Promise<number> {
  // Register the frame callback first, then act, then wait for it.
  await page.locator('video').evaluate((v: HTMLVideoElement) => {
    (window as unknown as { nextFrame: Promise<number> }).nextFrame = new Promise<number>((resolve) =>
      v.requestVideoFrameCallback((_n, meta) => resolve(meta.mediaTime)),
    );
  });
  await act();
  return page.evaluate(() => (window as unknown as { nextFrame: Promise<number> }).nextFrame);
}

/**
 * Date.now of this process (and so of main's session store, which runs in it under the stand-in),
 * moved forward on demand: install() before a test, by(ms) to move on, restore() after.
 */
export function clockShift(): { install(): void; by(ms: number): void; restore(): void } {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  return {
    install() {
      offset = 0;
      Date.now = () => realNow() + offset;
    },
    by(ms: number) {
      offset += ms;
    },
    restore() {
      Date.now = realNow;
    },
  };
}
