// Draws the app and tray icons into build/ (run: node build/make-icons.mjs). No image tools
// needed: shapes are rasterized with 4×4 supersampling and written as PNG and ICO by hand.
//   build/icon.png                      512 px, app icon (electron-builder, window icon)
//   build/icon.ico                      16…256 px, Windows exe + installer icon
//   build/tray/tray-<state>.png, @2x    16 and 32 px tray icons: ok, attention, error
/* global console */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const COLORS = {
  ok: [37, 99, 235], // blue: the brand colour, all good
  attention: [217, 119, 6], // amber: flagged orders or a silent Web Connector
  error: [220, 38, 38], // red: an error
};

/** Coverage tests in unit coordinates (0..1, y down). */
function roundedSquare(x, y, r) {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

function triangle(px, py, [a, b, c]) {
  const s = (p, q, r) => (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  const p = [px, py];
  const d1 = s(p, a, b);
  const d2 = s(p, b, c);
  const d3 = s(p, c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** The "sync" glyph: two clockwise arcs, each ending in an arrowhead. Thicker when tiny. */
function glyph(size) {
  const small = size <= 32;
  const R = small ? 0.27 : 0.26;
  const W = small ? 0.13 : 0.085;
  const head = small ? 0.19 : 0.14;
  const arcs = [
    [200, 322],
    [20, 142],
  ].map(([a, b]) => [(a * Math.PI) / 180, (b * Math.PI) / 180]);
  const heads = arcs.map(([, end]) => {
    const px = 0.5 + R * Math.cos(end);
    const py = 0.5 + R * Math.sin(end);
    const n = [Math.cos(end), Math.sin(end)];
    const t = [-Math.sin(end), Math.cos(end)];
    return [
      [px + t[0] * head * 1.1, py + t[1] * head * 1.1],
      [px + n[0] * head, py + n[1] * head],
      [px - n[0] * head, py - n[1] * head],
    ];
  });
  return (x, y) => {
    const dx = x - 0.5;
    const dy = y - 0.5;
    const dist = Math.hypot(dx, dy);
    if (Math.abs(dist - R) <= W / 2) {
      let ang = Math.atan2(dy, dx);
      if (ang < 0) ang += 2 * Math.PI;
      for (const [a, b] of arcs) if (ang >= a && ang <= b) return true;
    }
    return heads.some((h) => triangle(x, y, h));
  };
}

function render(size, color) {
  const px = new Uint8Array(size * size * 4);
  const inGlyph = glyph(size);
  const radius = size <= 32 ? 0.2 : 0.22;
  const SS = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let bg = 0;
      let fg = 0;
      for (let sj = 0; sj < SS; sj++) {
        for (let si = 0; si < SS; si++) {
          const x = (i + (si + 0.5) / SS) / size;
          const y = (j + (sj + 0.5) / SS) / size;
          if (!roundedSquare(x, y, radius)) continue;
          bg++;
          if (inGlyph(x, y)) fg++;
        }
      }
      const n = SS * SS;
      const o = (j * size + i) * 4;
      if (bg === 0) continue;
      // White glyph over the coloured square; alpha = square coverage.
      const f = fg / bg;
      px[o] = Math.round(color[0] * (1 - f) + 255 * f);
      px[o + 1] = Math.round(color[1] * (1 - f) + 255 * f);
      px[o + 2] = Math.round(color[2] * (1 - f) + 255 * f);
      px[o + 3] = Math.round((255 * bg) / n);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A classic 32-bit BMP (DIB) icon image: BGRA bottom-up, then the 1-bit AND mask. */
function dib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND masks
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = ((size - 1 - y) * size + x) * 4;
      const d = (y * size + x) * 4;
      xor[d] = rgba[s + 2];
      xor[d + 1] = rgba[s + 1];
      xor[d + 2] = rgba[s];
      xor[d + 3] = rgba[s + 3];
    }
  }
  const rowBytes = Math.ceil(size / 32) * 4;
  const and = Buffer.alloc(rowBytes * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (rgba[((size - 1 - y) * size + x) * 4 + 3] === 0) and[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  header.writeUInt32LE(xor.length + and.length, 20);
  return Buffer.concat([header, xor, and]);
}

/** ICO: BMP entries up to 128 px (read by every Windows tool), PNG for 256 px. */
function ico(sizes, color) {
  const images = sizes.map((s) => (s >= 256 ? png(s, render(s, color)) : dib(s, render(s, color))));
  const head = Buffer.alloc(6);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(sizes.length, 4);
  let offset = 6 + 16 * sizes.length;
  const entries = sizes.map((s, i) => {
    const e = Buffer.alloc(16);
    e[0] = s >= 256 ? 0 : s;
    e[1] = s >= 256 ? 0 : s;
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(images[i].length, 8);
    e.writeUInt32LE(offset, 12);
    offset += images[i].length;
    return e;
  });
  return Buffer.concat([head, ...entries, ...images]);
}

const out = (name, data) => {
  const file = path.join(here, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${path.relative(process.cwd(), file)} (${data.length} bytes)`);
};

out('icon.png', png(512, render(512, COLORS.ok)));
out('icon.ico', ico([16, 24, 32, 48, 64, 128, 256], COLORS.ok));
for (const [state, color] of Object.entries(COLORS)) {
  out(`tray/tray-${state}.png`, png(16, render(16, color)));
  out(`tray/tray-${state}@2x.png`, png(32, render(32, color)));
}
