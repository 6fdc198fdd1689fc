/**
 * The TFRecord framing and Event protos of src/run/tfevents.ts, checked against what TensorFlow's
 * record format says, with a CRC32C of the test's own (bit by bit, not the library's).
 */
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, FILE_VERSION, maskedCrc32c, readTfRecords, tfRecord, TfRecordError } from '../../src/run/tfevents.js';

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one bit at a time. */
function crc32cByBit(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TensorFlow's mask (tensorflow/core/lib/hash/crc32c.h): rotate right 15, add 0xa282ead8. */
function mask(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

describe('CRC32C', () => {
  it('matches the standard check value and an independent implementation', () => {
    expect(crc32cByBit(Buffer.from('123456789'))).toBe(0xe3069283);
    for (const text of ['', 'a', 'brain.Event:2', 'x'.repeat(1000)]) {
      expect(maskedCrc32c(Buffer.from(text))).toBe(mask(crc32cByBit(Buffer.from(text))));
    }
  });
});

describe('a TFRecord', () => {
  it('is length, masked CRC of the length, data, masked CRC of the data', () => {
    const data = Buffer.from('some event bytes');
    const rec = tfRecord(data);
    expect(rec.length).toBe(8 + 4 + data.length + 4);
    expect(rec.readBigUInt64LE(0)).toBe(BigInt(data.length));
    expect(rec.readUInt32LE(8)).toBe(mask(crc32cByBit(rec.subarray(0, 8))));
    expect(rec.subarray(12, 12 + data.length).equals(data)).toBe(true);
    expect(rec.readUInt32LE(12 + data.length)).toBe(mask(crc32cByBit(data)));
  });

  it('reads back, and a damaged or cut file is refused, naming where', () => {
    const file = Buffer.concat([tfRecord(Buffer.from('one')), tfRecord(Buffer.from('two')), tfRecord(new Uint8Array(0))]);
    expect(readTfRecords(file).map((r) => Buffer.from(r).toString())).toEqual(['one', 'two', '']);
    const flipped = Buffer.from(file);
    flipped[19 + 12 + 1]! ^= 1; // the second record (the first is 12 + 3 + 4 bytes) has its data from byte 12
    expect(() => readTfRecords(flipped)).toThrow(/record at byte 19: bad data CRC/);
    const badLength = Buffer.from(file);
    badLength[0]! ^= 4;
    expect(() => readTfRecords(badLength)).toThrow(TfRecordError);
    expect(() => readTfRecords(file.subarray(0, file.length - 2))).toThrow(/truncated/);
  });
});

describe('an Event', () => {
  it('encodes the file version with the field numbers of event.proto', () => {
    const bytes = Buffer.from(encodeEvent({ wall_time: 1.5, file_version: FILE_VERSION }));
    // field 1 (wall_time), wire type 1: 8 bytes of little-endian double.
    expect(bytes[0]).toBe(0x09);
    expect(bytes.readDoubleLE(1)).toBe(1.5);
    // field 3 (file_version), wire type 2: length, then the string. (step 0 is proto3's default: absent.)
    expect(bytes[9]).toBe(0x1a);
    expect(bytes[10]).toBe(FILE_VERSION.length);
    expect(bytes.subarray(11).toString()).toBe('brain.Event:2');
  });

  it('round-trips scalars and an image summary at a large step', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const event = {
      wall_time: 1796592929.973,
      step: 2 ** 40 + 3,
      summary: {
        value: [
          { tag: 'd_loss', simple_value: 0.5 },
          { tag: 'quality/frechet', simple_value: Number.NaN },
          { tag: 'samples/fixed_noise', image: { height: 128, width: 192, colorspace: 3, encoded_image_string: png } },
        ],
      },
    };
    const back = decodeEvent(encodeEvent(event));
    expect(back.wall_time).toBe(event.wall_time);
    expect(back.step).toBe(event.step);
    const [loss, frechet, image] = back.summary!.value;
    expect(loss).toEqual({ tag: 'd_loss', simple_value: 0.5 });
    expect(frechet!.tag).toBe('quality/frechet');
    expect(Number.isNaN((frechet as { simple_value: number }).simple_value)).toBe(true);
    const img = (image as { image: { height: number; width: number; colorspace: number; encoded_image_string: Uint8Array } }).image;
    expect([img.height, img.width, img.colorspace]).toEqual([128, 192, 3]);
    expect(Buffer.from(img.encoded_image_string).equals(png)).toBe(true);
  });

  it('refuses what is not an Event', () => {
    expect(() => encodeEvent({ wall_time: 'soon' } as unknown as { wall_time: number })).toThrow(/not a TensorBoard event/);
  });
});
