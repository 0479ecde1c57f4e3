// Chevrotain's runtime, loaded from its single-file build: about 30 ms to load instead of about 1 s
// for the many-module graph (chevrotain + lodash-es) its package entry point pulls in under tsx.
// The published build (tsup) inlines it. Types still come from the package.
// @ts-ignore — the .mjs bundle ships without its own declarations; it is typed by the cast below
import * as bundle from '../node_modules/chevrotain/lib/chevrotain.mjs';

const chevrotain = bundle as unknown as typeof import('chevrotain');
export const { createToken, Lexer, CstParser, EOF, tokenMatcher, generateCstDts } = chevrotain;
export type { TokenType, ILexingResult, IParserErrorMessageProvider, IToken, IRecognitionException } from 'chevrotain';
/** the instance types of the classes above (a value and a type may share a name) */
export type Lexer = import('chevrotain').Lexer;
export type CstParser = import('chevrotain').CstParser;
