import { deflateSync } from 'node:zlib';
import type { SeededRandom } from '../random/seeded-random';

/** A generated file: name, MIME type and bytes. */
export interface GeneratedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly body: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid RGB PNG of `size`×`size` pixels: a two-colour diagonal pattern from the generator. */
export function generatePng(random: SeededRandom, size: number): Uint8Array {
  const [r1, g1, b1, r2, g2, b2] = Array.from({ length: 6 }, () => random.int(0, 255));
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter type: none
    for (let x = 0; x < size; x++) {
      const first = (x + y) % 8 < 4;
      raw.set(first ? [r1, g1, b1] : [r2, g2, b2], row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0))]));
}

/** A CSV price list of a few generated rows. */
export function generateCsv(random: SeededRandom, products: readonly (readonly [string, number])[]): Uint8Array {
  const lines = ['product,quantity,unit_price'];
  const rows = random.int(3, 12);
  for (let i = 0; i < rows; i++) {
    const [product, price] = random.pick(products);
    lines.push(`"${product}",${random.int(1, 50)},${(price * random.amount(0.8, 1.2)).toFixed(2)}`);
  }
  return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
}

/** A plain-text memo of a few sentences. */
export function generateText(random: SeededRandom, sentences: readonly string[]): Uint8Array {
  const count = random.int(2, 8);
  const text = Array.from({ length: count }, () => `${random.pick(sentences)}.`).join(' ');
  return new Uint8Array(Buffer.from(`${text}\n`, 'utf8'));
}

/** One attachment body of a random kind: text, CSV or PNG (about a third each). */
export function generateAttachment(
  random: SeededRandom,
  baseName: string,
  products: readonly (readonly [string, number])[],
  sentences: readonly string[],
): GeneratedFile {
  const kind = random.int(0, 2);
  if (kind === 0) return { fileName: `${baseName}.txt`, mimeType: 'text/plain', body: generateText(random, sentences) };
  if (kind === 1) return { fileName: `${baseName}.csv`, mimeType: 'text/csv', body: generateCsv(random, products) };
  return { fileName: `${baseName}.png`, mimeType: 'image/png', body: generatePng(random, random.pick([16, 24, 32])) };
}
