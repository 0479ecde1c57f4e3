// Encoding functions: base64 to/from byte arrays and guids, gzip/zlib compression to base64,
// punycode (labels and domains), and the cryptographic hashes hash_md5 / hash_sha1 / hash_sha256.
// Everything is pure JS (no node:zlib / node:crypto), so the engine can run in a browser:
// fflate for deflate, @noble/hashes for the digests, punycode.js for RFC 3492.
import { gunzipSync, gzipSync, unzlibSync, zlibSync } from 'fflate';
import { md5, sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import punycode from 'punycode/punycode.js';
import type { KqlType, Scalar } from '../../types.js';
import { toStringValue } from '../../values/convert.js';
import { defineScalar, DYNAMIC, p, STRING, type RowFn, type ScalarFunctionDef } from '../define.js';

// ───────────────────────────── bytes, UTF-8, base64 ─────────────────────────────

const ENCODER = new TextEncoder();
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

export const utf8Bytes = (s: string): Uint8Array => ENCODER.encode(s);

/** UTF-8 bytes to text, or null when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    return null;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let k = 0; k < B64.length; k++) B64_INDEX[B64.charCodeAt(k)] = k;

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Strict standard base64 (length a multiple of 4, padding only at the end, surrounding blanks
 * ignored) to bytes; null when the text is not base64 — as .NET's Convert.FromBase64String,
 * which rejects the unpadded 'U3RyaW5n0KHR0tGA0L7Rh9C60LA' of base64-encode-fromarray-function.md.
 */
export function base64ToBytes(text: string): Uint8Array | null {
  const s = text.trim();
  if (s.length % 4 !== 0) return null;
  let pad = 0;
  if (s.endsWith('==')) pad = 2;
  else if (s.endsWith('=')) pad = 1;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = s.charCodeAt(i + k);
      let v: number;
      if (c === 61 /* = */ && i + 4 === s.length && k >= 4 - pad) v = 0;
      else {
        v = c < 128 ? B64_INDEX[c]! : -1;
        if (v < 0) return null;
      }
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length && !(i + 4 === s.length && pad === 2)) out[o++] = (n >> 8) & 255;
    if (o < out.length && !(i + 4 === s.length && pad >= 1)) out[o++] = n & 255;
  }
  return out;
}

/** .NET Guid.ToByteArray order: the first three fields little-endian, the last eight bytes as written. */
function guidToBytes(guid: string): Uint8Array | null {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  const b = new Uint8Array(16);
  for (let k = 0; k < 16; k++) b[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, (k) => b[k]!);
}

function bytesToGuid(bytes: Uint8Array): string {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const hex = order.map((k) => bytes[k]!.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ───────────────────────────── base64 definitions ─────────────────────────────

const base64EncodeFromArray = defineScalar({
  name: 'base64_encode_fromarray',
  signatures: [{ params: [p('base64_string_decoded_as_array', DYNAMIC)], returns: 'string' }],
  doc: 'Encodes a dynamic array of bytes (integers 0–255) in base64; empty when it is not such an array.',
  example: `print base64_encode_fromarray(dynamic([75, 117, 115, 116, 111]))`,
  implement: () => {
    const fn: RowFn = (a) => {
      if (!Array.isArray(a)) return '';
      const bytes = new Uint8Array(a.length);
      for (let k = 0; k < a.length; k++) {
        const x = a[k];
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) return '';
        bytes[k] = x;
      }
      return bytesToBase64(bytes);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const base64DecodeToArray = defineScalar({
  name: 'base64_decode_toarray',
  signatures: [{ params: [p('base64_string', STRING)], returns: 'dynamic' }],
  doc: 'Decodes a base64 string to a dynamic array of its bytes (as longs); null when it is not base64.',
  example: `print base64_decode_toarray("S3VzdG8=")`,
  implement: () => (s) => {
    const bytes = base64ToBytes(s as string);
    return bytes === null ? null : Array.from(bytes);
  },
});

const base64EncodeFromGuid = defineScalar({
  name: 'base64_encode_fromguid',
  signatures: [{ params: [p('guid', ['guid'])], returns: 'string' }],
  doc: 'Encodes the 16 bytes of a guid (in .NET byte order) in base64; empty for null.',
  example: `print base64_encode_fromguid(toguid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"))`,
  implement: () => {
    const fn: RowFn = (g) => {
      const bytes = typeof g === 'string' ? guidToBytes(g) : null;
      return bytes === null ? '' : bytesToBase64(bytes);
    };
    return { kind: 'row', fn, nullPropagating: false };
  },
});

const base64DecodeToGuid = defineScalar({
  name: 'base64_decode_toguid',
  signatures: [{ params: [p('base64_string', STRING)], returns: 'guid' }],
  doc: 'Decodes a base64 string of 16 bytes (.NET byte order) to a guid; null otherwise.',
  example: `print base64_decode_toguid("8jMxriJurkmwahbmqbIS6w==")`,
  implement: () => (s) => {
    const bytes = base64ToBytes(s as string);
    return bytes === null || bytes.length !== 16 ? null : bytesToGuid(bytes);
  },
});

// ───────────────────────────── compression ─────────────────────────────

/**
 * Compression runs at the fastest level, as Kusto's output does (its zlib header 78 01 says so),
 * and the headers are written as .NET writes them (gzip: no time stamp, OS byte 0xff; zlib: 78 01). The deflate
 * stream itself may differ from Kusto's byte for byte (another compressor); what the docs promise
 * — decompressing gives back the text — holds either way.
 */
function gzipBase64(s: string): string {
  const out = gzipSync(utf8Bytes(s), { level: 1, mtime: 0 });
  out[8] = 0;
  out[9] = 0xff;
  return bytesToBase64(out);
}

function zlibBase64(s: string): string {
  const out = zlibSync(utf8Bytes(s), { level: 1 });
  out[1] = 0x01; // FLEVEL 0 ("fastest"), as Kusto's 78 01; 0x7801 is still a multiple of 31
  return bytesToBase64(out);
}

/** base64 → decompressed → UTF-8 text; empty on any failure (gzip-base64-decompress.md: "x0x0x0" → ''). */
function decompressBase64(s: string, inflate: (b: Uint8Array) => Uint8Array): string {
  const bytes = base64ToBytes(s);
  if (bytes === null || bytes.length === 0) return '';
  try {
    return utf8Text(inflate(bytes)) ?? '';
  } catch {
    return '';
  }
}

function textFunction(name: string, doc: string, example: string, f: (s: string) => string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [{ params: [p('string', STRING)], returns: 'string' }],
    doc,
    example,
    implement: () => (s) => f(s as string),
  });
}

const gzipCompress = textFunction(
  'gzip_compress_to_base64_string',
  'Compresses a string (UTF-8) with gzip and encodes the result in base64; empty for empty input.',
  `print gzip_compress_to_base64_string("1234567890qwertyuiop")`,
  (s) => (s === '' ? '' : gzipBase64(s)),
);
const gzipDecompress = textFunction(
  'gzip_decompress_from_base64_string',
  'Decodes a base64 string and decompresses it with gzip to UTF-8 text; empty when that fails.',
  `print gzip_decompress_from_base64_string("H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==")`,
  (s) => decompressBase64(s, (b) => gunzipSync(b)),
);
const zlibCompress = textFunction(
  'zlib_compress_to_base64_string',
  'Compresses a string (UTF-8) with zlib and encodes the result in base64; empty for empty input.',
  `print zlib_compress_to_base64_string("1234567890qwertyuiop")`,
  (s) => (s === '' ? '' : zlibBase64(s)),
);
const zlibDecompress = textFunction(
  'zlib_decompress_from_base64_string',
  'Decodes a base64 string and decompresses it with zlib to UTF-8 text; empty when that fails.',
  `print zlib_decompress_from_base64_string("eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4=")`,
  (s) => decompressBase64(s, (b) => unzlibSync(b)),
);

// ───────────────────────────── punycode ─────────────────────────────

/** Label separators of IDNA (UTS #46): full stop, ideographic full stop, fullwidth and halfwidth stops. */
const DOMAIN_SEPARATORS = /[.\u3002\uFF0E\uFF61]/;

const punyEncode = (s: string): string | null => {
  try {
    return punycode.encode(s);
  } catch {
    return null;
  }
};
const punyDecode = (s: string): string | null => {
  try {
    return punycode.decode(s);
  } catch {
    return null;
  }
};

const punycodeFromString = textFunction(
  'punycode_from_string',
  'Encodes a string in punycode (RFC 3492), without the xn-- prefix; empty when it cannot be encoded.',
  `print punycode_from_string('académie-française')`,
  (s) => punyEncode(s) ?? '',
);
const punycodeToString = textFunction(
  'punycode_to_string',
  'Decodes a punycode string (RFC 3492, without the xn-- prefix); empty when it is not valid punycode.',
  `print punycode_to_string('acadmie-franaise-npb1a')`,
  (s) => punyDecode(s) ?? '',
);
const punycodeDomainToString = textFunction(
  'punycode_domain_to_string',
  'Encodes each non-ASCII label of a domain name in punycode with the xn-- prefix (labels split at ., 。, ．, ｡ and joined with .).',
  `print punycode_domain_to_string('Riðill｡Skáldskaparmál｡org')`,
  (s) => {
    const labels: string[] = [];
    for (const label of s.split(DOMAIN_SEPARATORS)) {
      if (/^[\x00-\x7f]*$/.test(label)) labels.push(label);
      else {
        const enc = punyEncode(label);
        if (enc === null) return '';
        labels.push('xn--' + enc);
      }
    }
    return labels.join('.');
  },
);
const punycodeDomainFromString = textFunction(
  'punycode_domain_from_string',
  'Decodes each xn-- label of a punycode domain name; empty when a label is not valid punycode.',
  `print punycode_domain_from_string('xn--Lin-8na.Celtchair.org')`,
  (s) => {
    const labels: string[] = [];
    for (const label of s.split(DOMAIN_SEPARATORS)) {
      if (!/^xn--/i.test(label)) labels.push(label);
      else {
        const dec = punyDecode(label.slice(4));
        if (dec === null) return '';
        labels.push(dec);
      }
    }
    return labels.join('.');
  },
);

// ───────────────────────────── hashes ─────────────────────────────

const HEX: string[] = Array.from({ length: 256 }, (_, k) => k.toString(16).padStart(2, '0'));
const toHex = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += HEX[b]!;
  return out;
};

/** Every type but dynamic (the catalog's NotDynamic). */
const NOT_DYNAMIC: readonly KqlType[] = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid'];

/**
 * hash_md5 / hash_sha1 / hash_sha256: the lowercase hex digest of the UTF-8 bytes of the value as
 * tostring renders it — the docs' hash of datetime(2020-01-01) is the digest of
 * "2020-01-01T00:00:00.0000000Z". A null (non-string) value gives ''.
 */
function hashFunction(name: string, digest: (b: Uint8Array) => Uint8Array, example: string): ScalarFunctionDef {
  return defineScalar({
    name,
    signatures: [{ params: [p('source', NOT_DYNAMIC)], returns: 'string' }],
    doc: `The ${name.slice(5).toUpperCase()} hash of a value (as tostring renders it, UTF-8), as lowercase hex.`,
    example,
    implement: (args) => {
      const type = args[0]!.type;
      const fn: RowFn = (v: Scalar) => (v === null ? '' : toHex(digest(utf8Bytes(toStringValue(type, v)))));
      return { kind: 'row', fn, nullPropagating: false };
    },
  });
}

const hashMd5 = hashFunction('hash_md5', (b) => md5(b), `print h1 = hash_md5("World"), h2 = hash_md5(datetime(2020-01-01))`);
const hashSha1 = hashFunction('hash_sha1', (b) => sha1(b), `print h1 = hash_sha1("World"), h2 = hash_sha1(datetime(2020-01-01))`);
const hashSha256 = hashFunction('hash_sha256', (b) => sha256(b), `print h1 = hash_sha256("World"), h2 = hash_sha256(datetime(2020-01-01))`);

export const encodingFunctions: ScalarFunctionDef[] = [
  base64EncodeFromArray, base64DecodeToArray, base64EncodeFromGuid, base64DecodeToGuid,
  gzipCompress, gzipDecompress, zlibCompress, zlibDecompress,
  punycodeFromString, punycodeToString, punycodeDomainToString, punycodeDomainFromString,
  hashMd5, hashSha1, hashSha256,
];
