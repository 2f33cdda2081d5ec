import { open, type FileHandle } from 'node:fs/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

const LIMIT = 0xffffffff;
/** DOS date/time of 1 January 2026 00:00: entries carry a fixed stamp (the content says when it was made). */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/**
 * A write-only ZIP archive, streamed: each entry is deflated chunk by chunk with a sync flush, so the chunks
 * join into one valid deflate stream without holding the entry in memory, and sizes and CRC go in a data
 * descriptor after it. Entries and the archive stay under 4 GiB (no ZIP64): an Excel sheet is at most
 * 1,048,576 rows, far below that.
 */
export class ZipFile {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private current: Entry | null = null;

  private constructor(
    private readonly handle: FileHandle,
    private readonly level: number,
  ) {}

  static async create(file: string, level = 6): Promise<ZipFile> {
    return new ZipFile(await open(file, 'w'), level);
  }

  private async write(buffer: Buffer): Promise<void> {
    await this.handle.write(buffer);
    this.offset += buffer.length;
    if (this.offset > LIMIT) throw new RangeError('archive larger than 4 GiB');
  }

  async begin(name: string): Promise<void> {
    if (this.current) throw new Error('entry still open');
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    this.current = { name: nameBytes, offset: this.offset, crc: 0, compressed: 0, size: 0 };
    await this.write(Buffer.concat([header, nameBytes]));
  }

  /** Appends uncompressed content to the open entry. */
  async append(data: string | Buffer): Promise<void> {
    const entry = this.current;
    if (!entry) throw new Error('no open entry');
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (raw.length === 0) return;
    entry.crc = crc32(raw, entry.crc);
    entry.size += raw.length;
    const deflated = deflateRawSync(raw, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH });
    entry.compressed += deflated.length;
    await this.write(deflated);
  }

  async end(): Promise<void> {
    const entry = this.current;
    if (!entry) throw new Error('no open entry');
    // An empty final block closes the deflate stream.
    const last = deflateRawSync(Buffer.alloc(0), { level: this.level });
    entry.compressed += last.length;
    await this.write(last);
    if (entry.size > LIMIT || entry.compressed > LIMIT) throw new RangeError('entry larger than 4 GiB');
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.write(descriptor);
    this.entries.push(entry);
    this.current = null;
  }

  async add(name: string, content: string): Promise<void> {
    await this.begin(name);
    await this.append(content);
    await this.end();
  }

  async close(): Promise<void> {
    try {
      if (this.current) throw new Error('entry still open');
      const start = this.offset;
      for (const e of this.entries) {
        const h = Buffer.alloc(46);
        h.writeUInt32LE(0x02014b50, 0);
        h.writeUInt16LE(20, 4); // made by
        h.writeUInt16LE(20, 6); // needed
        h.writeUInt16LE(0x0808, 8);
        h.writeUInt16LE(8, 10);
        h.writeUInt16LE(DOS_TIME, 12);
        h.writeUInt16LE(DOS_DATE, 14);
        h.writeUInt32LE(e.crc >>> 0, 16);
        h.writeUInt32LE(e.compressed, 20);
        h.writeUInt32LE(e.size, 24);
        h.writeUInt16LE(e.name.length, 28);
        h.writeUInt32LE(e.offset, 42);
        await this.write(Buffer.concat([h, e.name]));
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(this.offset - start, 12);
      end.writeUInt32LE(start, 16);
      await this.write(end);
    } finally {
      await this.handle.close();
    }
  }

  /** Closes the file after a failure, leaving the caller to remove it. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
