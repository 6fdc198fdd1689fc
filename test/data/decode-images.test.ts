import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_BYTES, FACE_SIDE } from '../../src/util/face.js';
import { decodeFaces } from '../../src/data/decode-images.js';
import { drawFaces } from '../../src/data/drawn-faces.js';
import { nativeJpeg } from '../../src/backend/kernels/native-addon.js';
import { encodeFace, makeTempDir, removeDir } from './mlds-fixture.js';

/**
 * The native libjpeg path (when the addon is built) must give sharp's pixels exactly, and hand
 * whatever it cannot take to sharp: other formats, other sizes, CMYK, broken files.
 */
describe('decodeFaces', () => {
  let dir = '';
  const files: string[] = [];
  const faces = drawFaces(6, 3).pixels;

  beforeAll(async () => {
    dir = await makeTempDir('decode');
    const raw = (i: number) => sharp(Buffer.from(faces.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES)), { raw: { width: FACE_SIDE, height: FACE_SIDE, channels: 3 } });
    const images: Array<[string, Buffer]> = [
      ['0.jpg', await encodeFace(faces, 0)],
      ['1.jpg', await raw(1).jpeg({ quality: 80 }).toBuffer()], // 4:2:0 chroma
      ['2.jpg', await raw(2).grayscale().jpeg().toBuffer()],
      ['3.jpg', await encodeFace(faces, 3, 32)],
      ['4.png', await raw(4).png().toBuffer()],
      ['5.jpg', await raw(5).jpeg().toColourspace('cmyk').toBuffer()],
    ];
    for (const [name, data] of images) {
      const file = join(dir, name);
      await writeFile(file, data);
      files.push(file);
    }
  });
  afterAll(() => removeDir(dir));

  it(`gives sharp's pixels for every kind of file (native decoder ${nativeJpeg() ? 'on' : 'not built'})`, async () => {
    const out = new Uint8Array(files.length * FACE_BYTES);
    const progress: number[] = [];
    const report = await decodeFaces(files, files, out, { onProgress: (done) => progress.push(done) });
    expect(report.unreadable).toEqual([]);
    expect(report.resized).toBe(1);
    expect(progress.at(-1)).toBe(files.length);
    for (const [i, file] of files.entries()) {
      const size = i === 3 ? 64 : undefined;
      const expected = await sharp(file).removeAlpha().toColourspace('srgb').resize(size, size, { fit: 'cover' }).raw().toBuffer();
      expect(Buffer.from(out.subarray(i * FACE_BYTES, (i + 1) * FACE_BYTES)).equals(expected), file).toBe(true);
    }
  });

  it('names a broken file, or skips it under skipBad', async () => {
    const broken = join(dir, 'broken.jpg');
    await writeFile(broken, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const list = [files[0]!, broken];
    await expect(decodeFaces(list, ['a.jpg', 'broken.jpg'], new Uint8Array(2 * FACE_BYTES))).rejects.toThrow(/broken\.jpg: not a readable image/);
    const report = await decodeFaces(list, ['a.jpg', 'broken.jpg'], new Uint8Array(2 * FACE_BYTES), { skipBad: true });
    expect(report.unreadable).toEqual(['broken.jpg']);
    expect([...report.ok]).toEqual([1, 0]);
  });
});
