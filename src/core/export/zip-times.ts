/**
 * Sets every entry's modification time in a ZIP file to 1980-01-01 00:00 (the DOS epoch), in place.
 * exceljs stamps entries with the current time; with this, the same workbook gives the same bytes.
 * Walks the central directory from the end record; a file that is not a well-formed ZIP is returned unchanged.
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

export function fixZipTimes(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is at least 22 bytes from the end (more with a comment, at most 65,535 bytes).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) return bytes;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const stamp = (at: number) => { view.setUint16(at, 0, true); view.setUint16(at + 2, DOS_DATE_1980_01_01, true); };
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return bytes;
    stamp(p + 12);
    const local = view.getUint32(p + 42, true);
    if (local + 30 <= bytes.length && view.getUint32(local, true) === LOCAL) stamp(local + 10);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return bytes;
}
