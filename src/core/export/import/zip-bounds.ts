/**
 * Bounds for an XLSX (a zip) before it is inflated: exceljs inflates every part in memory, so an 8 MB
 * workbook of a million rows cost 4.4 GB and a 1.5 MB zip bomb 1.7 GB (audit D8). The central directory
 * lists each part's uncompressed size; we read it (no inflating) and refuse what would not fit.
 */

/** A register is a few thousand rows: its parts together may inflate to this much. */
export const MAX_XLSX_UNCOMPRESSED = 32 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2000;

/** Why the zip must not be inflated, or undefined when its declared sizes are within bounds. */
export function zipTooLarge(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return undefined; // not a zip: exceljs reports it
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) return 'it is a ZIP64 archive, which a register never needs';
  if (entries > MAX_XLSX_ENTRIES) return `it has ${entries} parts (at most ${MAX_XLSX_ENTRIES})`;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return 'its central directory is damaged';
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return 'it is a ZIP64 archive, which a register never needs';
    total += size;
    if (total > MAX_XLSX_UNCOMPRESSED) {
      return `it would inflate to more than ${MAX_XLSX_UNCOMPRESSED / 1048576} MB (a register of a few thousand rows needs far less)`;
    }
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return undefined;
}
