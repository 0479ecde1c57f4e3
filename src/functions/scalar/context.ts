// Context functions an in-memory engine answers itself: new_guid (a random guid per call and row).
import { defineScalar, type ScalarFunctionDef } from '../define.js';

/** 16 random bytes: the platform's CSPRNG where there is one (browsers, Node ≥ 19), else Math.random. */
function randomBytes(): Uint8Array {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/** new-guid-function.md: a random GUID — here an RFC 4122 version-4 guid, as Kusto's examples are. */
const newGuid = defineScalar({
  name: 'new_guid',
  signatures: [{ params: [], returns: 'guid' }],
  doc: 'Returns a random GUID.',
  example: `print guid = new_guid()`,
  foldable: false,
  implement: () => ({
    kind: 'row',
    nullPropagating: false,
    fn: () => {
      const b = randomBytes();
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  }),
});

export const contextFunctions: ScalarFunctionDef[] = [newGuid];
