/**
 * TensorBoard's event files: TFRecord framing around serialized `tensorboard.Event` protos.
 *
 *   record = u64 LE length · u32 LE masked crc32c(length bytes) · data · u32 LE masked crc32c(data)
 *
 * protobufjs encodes the protos from the schema below (a subset of TensorBoard's
 * tensorboard/compat/proto/event.proto and summary.proto, same names and field numbers, the
 * fields we write or may read back); @node-rs/crc32 computes the CRC32C. Ours are only the
 * framing and the CRC mask, a dozen lines: npm's `tfrecord` (0.2, unmaintained) has them, but
 * brings a second protobufjs (6.x) and fast-crc32c 1.x, whose optional native part builds with
 * node-gyp (a headers download), for what these lines do.
 */
import { crc32c } from '@node-rs/crc32';
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    Summary summary = 5;
    SessionLog session_log = 7;
  }
  SourceMetadata source_metadata = 10;
}

message SourceMetadata {
  string writer = 1;
}

message SessionLog {
  enum SessionStatus {
    STATUS_UNSPECIFIED = 0;
    START = 1;
    STOP = 2;
    CHECKPOINT = 3;
  }
  SessionStatus status = 1;
  string checkpoint_path = 2;
  string msg = 3;
}

message Summary {
  message Image {
    int32 height = 1;
    int32 width = 2;
    int32 colorspace = 3;
    bytes encoded_image_string = 4;
  }
  message Value {
    string node_name = 7;
    string tag = 1;
    oneof value {
      float simple_value = 2;
      Image image = 4;
    }
  }
  repeated Value value = 1;
}
`;

// keepCase: the fields keep TensorBoard's snake_case names, as its Python readers spell them.
const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
export const EventProto = root.lookupType('tensorboard.Event');

/** "brain.Event:2": what TensorBoard and TensorFlow 2 write as the first event of a file. */
export const FILE_VERSION = 'brain.Event:2';

export interface ScalarValue {
  tag: string;
  simple_value: number;
}
export interface ImageValue {
  tag: string;
  image: { height: number; width: number; colorspace: number; encoded_image_string: Uint8Array };
}
export type SummaryValue = ScalarValue | ImageValue;

/** The fields of an Event as this module writes and reads them (step as a plain number). */
export interface EventFields {
  wall_time: number;
  step?: number;
  file_version?: string;
  summary?: { value: SummaryValue[] };
  source_metadata?: { writer: string };
}

export function encodeEvent(event: EventFields): Uint8Array {
  const problem = EventProto.verify(event);
  if (problem) throw new Error(`not a TensorBoard event: ${problem}`);
  return EventProto.encode(EventProto.fromObject(event)).finish();
}

export function decodeEvent(data: Uint8Array): EventFields {
  return EventProto.toObject(EventProto.decode(data), { longs: Number, oneofs: false }) as EventFields;
}

/** TFRecord's CRC mask: rotate right by 15 bits and add a constant, so CRCs of CRCs stay useful. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord around `data`. */
export function tfRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(8 + 4 + data.byteLength + 4);
  out.writeBigUInt64LE(BigInt(data.byteLength), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.byteLength);
  return out;
}

export class TfRecordError extends Error {
  override name = 'TfRecordError';
}

/**
 * The records of a TFRecord file, each checked against both of its CRCs; a truncated or damaged
 * record throws, naming its offset. (The export does not need it; tests and users checking a
 * file do.)
 */
export function readTfRecords(file: Uint8Array): Uint8Array[] {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 12 > buf.length) throw new TfRecordError(`record at byte ${at}: truncated header`);
    const length = buf.readBigUInt64LE(at);
    if (buf.readUInt32LE(at + 8) !== maskedCrc32c(buf.subarray(at, at + 8))) throw new TfRecordError(`record at byte ${at}: bad length CRC`);
    const end = at + 12 + Number(length);
    if (end + 4 > buf.length) throw new TfRecordError(`record at byte ${at}: truncated data`);
    const data = buf.subarray(at + 12, end);
    if (buf.readUInt32LE(end) !== maskedCrc32c(data)) throw new TfRecordError(`record at byte ${at}: bad data CRC`);
    records.push(data);
    at = end + 4;
  }
  return records;
}
