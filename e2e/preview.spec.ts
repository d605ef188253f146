// Previews end to end: a picture, a text file, a Markdown file and a PDF uploaded, each opened with
// a double-click or the arrow keys in the preview, shown by its viewer under the relay's CSP; and
// the picture's thumbnail made in the worker, kept on the device and recorded for the other devices.
import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, newEmail, openDevice, row, signUp, schemeShots } from './drive-helpers.js';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A `width` × `height` RGB PNG of a diagonal gradient. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const line = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      line.set([(x * 255) / width, (y * 255) / height, 160], 1 + x * 3);
    }
    rows.push(line);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF saying `text`, with a correct cross-reference table. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const MARKDOWN = [
  '# Trip plan',
  '',
  'Pack **light**, and read [the guide](https://example.com/guide).',
  '',
  '| Day | Place |',
  '| --- | ----- |',
  '| 1 | Lisbon |',
  '',
  '- [x] book the train',
  '',
  '<script>window.__markdownRan = true</script>',
  '',
].join('\n');
const TEXT = 'first line\nsecond line\n\tindented third\n';

/** The thumbnail rows this device keeps, read from its IndexedDB. */
const storedThumbnails = (page: Page): Promise<Array<{ synced: number; width: number; height: number }>> =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const opening = indexedDB.open('sheaf');
        opening.onerror = () => reject(opening.error ?? new Error('could not open the database'));
        opening.onsuccess = () => {
          const db = opening.result;
          const all = db.transaction('thumbnails').objectStore('thumbnails').getAll();
          all.onsuccess = () => {
            resolve(all.result as Array<{ synced: number; width: number; height: number }>);
            db.close();
          };
        };
      }),
  );

test('previews: a picture, text, Markdown and a PDF open in the app; the picture gets a thumbnail', async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const { context, page } = await openDevice(browser, { colorScheme: 'light' });
  const errors = collectErrors({ page });
  try {
    await signUp(page, newEmail());
    await page.getByLabel('Upload files').setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: png(320, 200) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) },
      { name: 'plan.md', mimeType: 'text/markdown', buffer: Buffer.from(MARKDOWN) },
      { name: 'ticket.pdf', mimeType: 'application/pdf', buffer: pdf('Boarding pass') },
    ]);
    await expect(row(page, 'ticket.pdf')).toBeVisible({ timeout: 30_000 });
    for (const name of ['photo.png', 'notes.txt', 'plan.md']) await expect(row(page, name)).toBeVisible();

    const preview = (name: string) => page.getByRole('dialog', { name: `Preview of ${name}` });

    await test.step('a picture, in an <img> of its bytes', async () => {
      await row(page, 'photo.png').dblclick();
      const image = preview('photo.png').getByRole('img', { name: 'photo.png' });
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
      await expect(preview('photo.png').getByText(/^PNG image · .+ · 2 of 4$/)).toBeVisible();
      await schemeShots(page, testInfo, 'preview-image');
    });

    await test.step('the next file with the arrow key: Markdown rendered, its HTML not run', async () => {
      await page.keyboard.press('ArrowRight');
      const dialog = preview('plan.md');
      await expect(dialog.getByRole('heading', { name: 'Trip plan' })).toBeVisible();
      await expect(dialog.getByRole('cell', { name: 'Lisbon' })).toBeVisible();
      await expect(dialog.getByRole('link', { name: 'the guide' })).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(dialog.getByRole('checkbox')).toBeChecked();
      expect(await page.evaluate(() => 'markdownRan' in window || '__markdownRan' in window)).toBe(false);
      await schemeShots(page, testInfo, 'preview-markdown', { schemes: ['light'] });
    });

    await test.step('a PDF in the browser’s own viewer', async () => {
      await page.keyboard.press('ArrowRight');
      const frame = preview('ticket.pdf').locator('iframe.preview-pdf');
      await expect(frame).toHaveAttribute('src', /^blob:/);
      await expect(frame).toHaveAttribute('title', 'ticket.pdf (PDF)');
      // Chromium's viewer is an extension page inside the frame: it started, so the CSP let it.
      await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    });

    await test.step('text with line numbers; Escape closes', async () => {
      await page.keyboard.press('Escape');
      await expect(preview('ticket.pdf')).toHaveCount(0);
      await row(page, 'notes.txt').dblclick();
      const dialog = preview('notes.txt');
      await expect(dialog.locator('.preview-code')).toHaveText(TEXT.trimEnd());
      await expect(dialog.locator('.preview-line-numbers')).toHaveText('1\n2\n3');
      await schemeShots(page, testInfo, 'preview-text', { schemes: ['light'] });
      await page.setViewportSize({ width: 390, height: 780 });
      await page.keyboard.press('ArrowRight');
      await expect(preview('photo.png').getByRole('img', { name: 'photo.png' })).toBeVisible();
      await schemeShots(page, testInfo, 'preview-phone', { schemes: ['dark'] });
      await page.getByRole('button', { name: 'Close preview' }).click();
      await expect(preview('photo.png')).toHaveCount(0);
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await test.step('the picture’s thumbnail is made once, kept here and recorded for other devices', async () => {
      await page.getByRole('button', { name: 'Grid view' }).click();
      const thumbnail = row(page, 'photo.png').locator('img');
      await expect(thumbnail).toBeVisible();
      // 320 × 200 fits 256 × 256 as 256 × 160.
      await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
      await expect.poll(() => storedThumbnails(page)).toEqual([expect.objectContaining({ synced: 1, width: 256 })]);
      await schemeShots(page, testInfo, 'grid-thumbnail', { schemes: ['light'] });
    });

    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
