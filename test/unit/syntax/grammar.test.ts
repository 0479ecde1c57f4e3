// The grammar artefacts: the typed CST file matches the grammar; the AST visitor covers every rule.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cstTypesSource } from '../../../grammar/generate-cst-types.js';
import { kqlParser } from '../../../grammar/parser.js';
import { AstBuilder } from '../../../src/syntax/build-ast.js';

describe('grammar', () => {
  it('grammar/cst.ts is up to date (regenerate: npx tsx grammar/generate-cst-types.ts)', () => {
    const file = readFileSync(path.resolve(__dirname, '../../../grammar/cst.ts'), 'utf8');
    expect(file).toBe(cstTypesSource());
  });

  it('the AST builder has a method for every grammar rule (validateVisitor)', () => {
    expect(() => new AstBuilder('')).not.toThrow();
    expect(Object.keys(kqlParser.getGAstProductions()).length).toBeGreaterThan(60);
  });

  it('builds the grammar with validations on (ambiguities and definition errors throw)', async () => {
    const { KqlParser } = await import('../../../grammar/parser.js');
    expect(() => new KqlParser()).not.toThrow();
  });
});
