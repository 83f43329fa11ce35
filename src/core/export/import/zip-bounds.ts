/**
 * Bounds for an XLSX (a zip) before exceljs reads it: exceljs inflates every part in memory and builds an
 * object per row and cell, so an 8 MB workbook of a million rows cost 4.4 GB and a 1.5 MB zip bomb 1.7 GB
 * (audit D8); 31 MB of minimal rows, or one 30 MB cell, still cost 0.9 and 0.65 GB. The central directory lists
 * each part's uncompressed size; we read it (no inflating) and refuse what would not fit. Then each part is
 * inflated with its output capped (the directory may lie), and the sheets are counted: rows, cells and the
 * longest text, which is what exceljs's memory grows with.
 */
import { inflateRawSync } from 'node:zlib';

/** A register is a few thousand rows: its parts together may inflate to this much. */
export const MAX_XLSX_UNCOMPRESSED = 32 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2000;
/** Rows in the first sheet: a register has a row per finding. */
export const MAX_XLSX_ROWS = 50_000;
/** Cells in the sheets: the exported layout has 28 columns, so this is about 12,500 findings. */
export const MAX_XLSX_CELLS = 350_000;
/** Bytes of one text (a cell, a shared string) as stored; Excel itself holds at most 32,767 characters in a cell. */
export const MAX_XLSX_TEXT_BYTES = 256 * 1024;

/** The offset of the end-of-central-directory record (22 bytes plus a comment of up to 65,535 bytes, at the end), or -1. */
function endOfDirectory(view: DataView, bytes: Uint8Array): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}

/** Why the zip must not be inflated, or undefined when its declared sizes are within bounds. */
export function zipTooLarge(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfDirectory(view, bytes);
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

interface Part { name: string; method: number; data: Uint8Array; size: number }

/** The parts of a zip whose directory `zipTooLarge` accepted, or a reason when one cannot be located. */
function parts(bytes: Uint8Array): Part[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfDirectory(view, bytes);
  if (eocd < 0) return [];
  const out: Part[] = [];
  let offset = view.getUint32(eocd + 16, true);
  for (let n = view.getUint16(eocd + 10, true); n > 0; n--) {
    const nameLength = view.getUint16(offset + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    const local = view.getUint32(offset + 42, true);
    const compressed = view.getUint32(offset + 20, true);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return `part '${name.slice(0, 80)}' is damaged`;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) return `part '${name.slice(0, 80)}' is damaged`;
    out.push({ name, method: view.getUint16(offset + 10, true), data: bytes.subarray(start, start + compressed), size: view.getUint32(offset + 24, true) });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return out;
}

/** What is counted in a sheet or shared-strings part. */
interface Counts { rows: number; cells: number; longestText: number }

const LT = 0x3c;
const GT = 0x3e;

/** Counts `<row` and `<c` elements and the longest run of text between two tags, in one pass over the bytes. */
function count(xml: Uint8Array, into: Counts): void {
  let textStart = -1;
  for (let i = 0; i < xml.length; i++) {
    const b = xml[i];
    if (b === GT) textStart = i + 1;
    else if (b === LT) {
      if (textStart >= 0 && i - textStart > into.longestText) into.longestText = i - textStart;
      textStart = -1;
      const n1 = xml[i + 1];
      const n2 = xml[i + 2];
      if (n1 === 0x63 && (n2 === 0x20 || n2 === GT || n2 === 0x2f)) into.cells++; // <c  <c> <c/
      else if (n1 === 0x72 && n2 === 0x6f && xml[i + 3] === 0x77 && (xml[i + 4] === 0x20 || xml[i + 4] === GT)) into.rows++; // <row
    }
  }
}

/**
 * Why exceljs must not read this workbook, or undefined when it is within bounds: the declared sizes first
 * (`zipTooLarge`), then every part inflated with a cap (so a directory that understates a part does not
 * matter), then the rows, cells and longest text of the sheets and shared strings.
 */
export function xlsxTooLarge(bytes: Uint8Array): string | undefined {
  const declared = zipTooLarge(bytes);
  if (declared) return declared;
  const list = parts(bytes);
  if (typeof list === 'string') return list;
  const counts: Counts = { rows: 0, cells: 0, longestText: 0 };
  let total = 0;
  for (const part of list) {
    let xml: Uint8Array;
    if (part.method === 0) xml = part.data;
    else if (part.method === 8) {
      try {
        xml = inflateRawSync(part.data, { maxOutputLength: MAX_XLSX_UNCOMPRESSED - total + 1 });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return `it would inflate to more than ${MAX_XLSX_UNCOMPRESSED / 1048576} MB (its directory understates the size of '${part.name.slice(0, 80)}')`;
        return undefined; // a damaged stream: exceljs reports it
      }
    } else return undefined; // an unknown compression method: exceljs reports it
    total += xml.length;
    if (total > MAX_XLSX_UNCOMPRESSED) return `it would inflate to more than ${MAX_XLSX_UNCOMPRESSED / 1048576} MB (its directory understates the sizes of its parts)`;
    if (/^xl\/worksheets\/[^/]+\.xml$|^xl\/sharedStrings\.xml$/.test(part.name)) count(xml, counts);
  }
  if (counts.rows > MAX_XLSX_ROWS) return `its sheets have ${counts.rows.toLocaleString('en-US')} rows (at most ${MAX_XLSX_ROWS.toLocaleString('en-US')}, a row per finding)`;
  if (counts.cells > MAX_XLSX_CELLS) return `its sheets have ${counts.cells.toLocaleString('en-US')} cells (at most ${MAX_XLSX_CELLS.toLocaleString('en-US')}, about 12,500 findings in the register's 28 columns)`;
  if (counts.longestText > MAX_XLSX_TEXT_BYTES) return `one of its cells holds ${counts.longestText.toLocaleString('en-US')} bytes of text (at most ${MAX_XLSX_TEXT_BYTES / 1024} KiB; a register cell needs far less)`;
  return undefined;
}
