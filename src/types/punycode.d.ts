// Types for punycode.js (npm `punycode`, imported by path so Node's deprecated built-in is not used).
declare module 'punycode/punycode.js' {
  const punycode: {
    encode(input: string): string;
    decode(input: string): string;
  };
  export default punycode;
}
