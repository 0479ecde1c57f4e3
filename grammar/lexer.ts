// The KQL lexer: text → tokens. Diagnostics use offsets only (errors/render computes lines); full position
// tracking is on because the parser's CST node locations read each token's endOffset.
import { Lexer, type ILexingResult } from './chevrotain.js';
import { allTokens } from './tokens.js';

export interface KqlLexerOptions {
  /** fail construction when a token pattern defeats chevrotain's first-character optimization (tests) */
  ensureOptimizations?: boolean;
  /** skip grammar validations at construction (the shared instance: they run in tests) */
  skipValidations?: boolean;
}

export function createKqlLexer(options: KqlLexerOptions = {}): Lexer {
  return new Lexer(allTokens, {
    positionTracking: 'full',
    ensureOptimizations: options.ensureOptimizations ?? false,
    skipValidations: options.skipValidations ?? false,
  });
}

/** The one shared lexer instance. */
export const kqlLexer: Lexer = createKqlLexer({ skipValidations: true });

export const tokenizeKql = (text: string): ILexingResult => kqlLexer.tokenize(text);
