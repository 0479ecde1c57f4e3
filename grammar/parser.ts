// The KQL grammar as a chevrotain CstParser: pure rules, named and labelled after Kusto's Kql.g4.
import { CstParser, EOF, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from './chevrotain.js';
import * as T from './tokens.js';

/** What a rule parses, for "expected …" messages. */
const RULE_DESCRIPTIONS: Record<string, string> = {
  statement: 'a statement',
  queryOperator: 'a query operator',
  primaryExpression: 'an expression',
  beforePipeExpression: 'an expression',
  argument: 'an argument',
  jsonValue: 'a dynamic value',
  typeName: 'a type name',
  nameDeclaration: 'a name',
  queryOperatorParameterValue: 'a parameter value',
  letValue: 'a value, a function or a view',
  columnNameOrPattern: 'a column name',
};

/** A token as messages quote it: `'where'`, or `end of query`. */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'end of query';
  const image = token.image.length > 40 ? token.image.slice(0, 37) + '...' : token.image;
  return `'${image}'`;
}

const tokenLabel = (t: TokenType): string => t.LABEL ?? t.name;

/** "an expression", "a name", or the expected first tokens */
function expectedList(paths: TokenType[][]): string {
  const firsts = new Set<TokenType>();
  for (const path of paths) if (path[0]) firsts.add(path[0]);
  if (firsts.has(T.LongLiteral) || firsts.has(T.StringLiteral)) return 'an expression';
  if (firsts.has(T.Identifier) && firsts.has(T.LBracket)) return 'a name';
  const list = [...firsts].map(tokenLabel);
  if (list.length > 6) return `${list.slice(0, 6).join(', ')}, ...`;
  return list.join(', ');
}

/** Short messages; parse-kql.ts adds help and the special cases (stray '|', unknown operators). */
export const kqlErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${tokenLabel(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0] ? describeToken(actual[0]) : 'end of query';
    const what = RULE_DESCRIPTIONS[ruleName] ?? expectedList(expectedPathsPerAlt.flat());
    return `expected ${what} but found ${found}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0] ? describeToken(actual[0]) : 'end of query';
    const what = RULE_DESCRIPTIONS[ruleName] ?? expectedList(expectedIterationPaths);
    return `expected ${what} but found ${found}`;
  },
};

export class KqlParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      // LL(2) keeps grammar analysis fast; the few places KQL needs more use the gates below.
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      recoveryEnabled: false,
      errorMessageProvider: kqlErrorMessages,
    });
    this.performSelfAnalysis();
  }

  // ─────────────────────────── statements ───────────────────────────
  // The statement list (`s1; s2; ...`) is split at top-level `;` by parse-kql.ts, one statement per parse.

  statement = this.RULE('statement', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.atLetStatement(), ALT: () => this.SUBRULE(this.letStatement) },
        { ALT: () => this.SUBRULE(this.setStatement) },
        { GATE: () => tokenMatcher(this.LA(2), T.Identifier), ALT: () => this.SUBRULE(this.declareStatement) },
        { ALT: () => this.SUBRULE(this.queryStatement) },
      ],
    });
  });

  letStatement = this.RULE('letStatement', () => {
    this.CONSUME(T.Let);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.CONSUME(T.Equal);
    this.SUBRULE(this.letValue, { LABEL: 'value' });
  });

  letValue = this.RULE('letValue', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.atFunctionParameters(1), ALT: () => this.SUBRULE(this.functionDeclaration) },
        { GATE: () => this.atEntityGroupLiteral(), ALT: () => this.SUBRULE(this.entityGroupLiteral) },
        {
          GATE: () => this.LA(1).tokenType === T.View && this.atFunctionParameters(2),
          ALT: () => this.SUBRULE(this.viewDeclaration),
        },
        { ALT: () => this.SUBRULE(this.pipeExpression) },
      ],
    });
  });

  functionDeclaration = this.RULE('functionDeclaration', () => {
    this.SUBRULE(this.functionParameters, { LABEL: 'parameters' });
    this.SUBRULE(this.functionBody, { LABEL: 'body' });
  });

  viewDeclaration = this.RULE('viewDeclaration', () => {
    this.CONSUME(T.View);
    this.SUBRULE(this.functionParameters, { LABEL: 'parameters' });
    this.SUBRULE(this.functionBody, { LABEL: 'body' });
  });

  functionParameters = this.RULE('functionParameters', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.functionParameter, { LABEL: 'parameters' }) });
    this.CONSUME(T.RParen);
  });

  functionParameter = this.RULE('functionParameter', () => {
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.OR([
      { ALT: () => this.SUBRULE(this.tabularParameterSchema, { LABEL: 'schema' }) },
      { ALT: () => this.SUBRULE(this.typeName, { LABEL: 'type' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Equal);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'default' });
    });
  });

  /** `(*)`, `(a:string, b:long)`, `(a:string, *)` */
  tabularParameterSchema = this.RULE('tabularParameterSchema', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.Star) },
          { ALT: () => this.SUBRULE(this.columnDeclaration, { LABEL: 'columns' }) },
        ]),
    });
    this.CONSUME(T.RParen);
  });

  functionBody = this.RULE('functionBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => this.atLetStatement(),
      DEF: () => {
        this.SUBRULE(this.letStatement, { LABEL: 'lets' });
        this.CONSUME(T.Semicolon);
      },
    });
    this.OPTION(() => this.SUBRULE(this.pipeExpression, { LABEL: 'result' }));
    this.OPTION2(() => this.CONSUME2(T.Semicolon));
    this.CONSUME(T.RBrace);
  });

  setStatement = this.RULE('setStatement', () => {
    this.CONSUME(T.SetKeyword);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Equal);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'value' });
    });
  });

  /** `declare query_parameters(...)`, `declare pattern ...`: the rest of the statement is skipped. */
  declareStatement = this.RULE('declareStatement', () => {
    this.CONSUME(T.Declare);
    this.SUBRULE(this.skippedTokens);
  });

  queryStatement = this.RULE('queryStatement', () => {
    this.SUBRULE(this.pipeExpression);
  });

  // ─────────────────────────── tabular expressions ───────────────────────────

  pipeExpression = this.RULE('pipeExpression', () => {
    this.SUBRULE(this.beforePipeExpression, { LABEL: 'source' });
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE(this.queryOperator, { LABEL: 'operators' });
    });
  });

  beforePipeExpression = this.RULE('beforePipeExpression', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => tokenMatcher(this.LA(2), T.Identifier) && this.LA(3).tokenType === T.From,
          ALT: () => this.SUBRULE(this.rangeExpression),
        },
        { ALT: () => this.SUBRULE(this.printOperator) },
        { ALT: () => this.SUBRULE(this.unionExpression) },
        { ALT: () => this.SUBRULE(this.macroExpandExpression) },
        { ALT: () => this.SUBRULE(this.searchOperator) },
        { ALT: () => this.SUBRULE(this.findExpression) },
        {
          // `evaluate plugin(...)`, `search ...`, `find ...` as the start of a pipeline
          GATE: () => this.LA(1).tokenType !== T.Evaluate || tokenMatcher(this.LA(2), T.Identifier),
          ALT: () => this.SUBRULE(this.unsupportedSource),
        },
        { ALT: () => this.SUBRULE(this.unnamedExpression) },
      ],
    });
  });

  rangeExpression = this.RULE('rangeExpression', () => {
    this.CONSUME(T.Range);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.From);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'from' });
    this.CONSUME(T.To);
    this.SUBRULE2(this.unnamedExpression, { LABEL: 'to' });
    this.CONSUME(T.Step);
    this.SUBRULE3(this.unnamedExpression, { LABEL: 'step' });
  });

  printOperator = this.RULE('printOperator', () => {
    this.CONSUME(T.Print);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'items' }) });
  });

  /** `union [kind=...] [withsource=...] [isfuzzy=...] T1, (T2 | ...)` starting a pipeline */
  unionExpression = this.RULE('unionExpression', () => {
    this.CONSUME(T.Union);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unionOperand, { LABEL: 'tables' }) });
  });

  /** a table: a name, a wildcard (`Device*`, `*`), a call, or a parenthesised pipeline */
  unionOperand = this.RULE('unionOperand', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.atWildcardName(), ALT: () => this.SUBRULE(this.columnNameOrPattern, { LABEL: 'pattern' }) },
        { ALT: () => this.SUBRULE(this.functionCallOrPathExpression) },
      ],
    });
  });

  unsupportedSource = this.RULE('unsupportedSource', () => {
    this.CONSUME(T.Evaluate, { LABEL: 'keyword' });
    this.SUBRULE(this.skippedTokens);
  });

  /**
   * macro-expand-operator.md, its three forms:
   * `macro-expand [kind=...] [isfuzzy=...] EntityGroup as X (Subquery)`,
   * `macro-expand ... entity_group [Ref, ...] as X (Subquery)`, `macro-expand X in EntityGroupIdentifier (Subquery)`.
   * Without `as X` (Microsoft's analyzer accepts it) a group named by an identifier is its own scope name.
   */
  macroExpandExpression = this.RULE('macroExpandExpression', () => {
    this.CONSUME(T.MacroExpand);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.isNameToken(1) && this.LA(2).tokenType === T.In,
          ALT: () => {
            this.SUBRULE(this.nameDeclaration, { LABEL: 'inName' });
            this.CONSUME(T.In);
            this.SUBRULE(this.entityGroupReference, { LABEL: 'inGroup' });
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.entityGroupReference, { LABEL: 'group' });
            this.OPTION2(() => {
              this.CONSUME(T.As);
              this.SUBRULE2(this.nameDeclaration, { LABEL: 'asName' });
            });
          },
        },
      ],
    });
    this.SUBRULE(this.macroExpandBody, { LABEL: 'body' });
  });

  /** `entity_group [Ref, ...]`, a stored group `entity_group('Name')`, `cluster('c').database('d')`, or a name */
  entityGroupReference = this.RULE('entityGroupReference', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.atEntityGroupLiteral(), ALT: () => this.SUBRULE(this.entityGroupLiteral, { LABEL: 'literal' }) },
        {
          GATE: () => this.LA(2).tokenType === T.LParen && ['entity_group', 'cluster', 'database'].includes(this.LA(1).image),
          ALT: () => this.SUBRULE(this.functionCallOrPathExpression, { LABEL: 'path' }),
        },
        { ALT: () => this.SUBRULE(this.nameDeclaration, { LABEL: 'name' }) },
      ],
    });
  });

  /** `entity_group [Ref, ...]` (also a let value) */
  entityGroupLiteral = this.RULE('entityGroupLiteral', () => {
    this.CONSUME(T.Identifier, { LABEL: 'keyword' });
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unnamedExpression, { LABEL: 'entities' }) });
    this.CONSUME(T.RBracket);
  });

  /** `( let ...; Subquery )`: let statements, then one tabular expression */
  macroExpandBody = this.RULE('macroExpandBody', () => {
    this.CONSUME(T.LParen);
    this.MANY({
      GATE: () => this.atLetStatement(),
      DEF: () => {
        this.SUBRULE(this.letStatement, { LABEL: 'lets' });
        this.CONSUME(T.Semicolon);
      },
    });
    this.SUBRULE(this.pipeExpression, { LABEL: 'result' });
    this.OPTION(() => this.CONSUME2(T.Semicolon));
    this.CONSUME(T.RParen);
  });

  // ─────────────────────────── query operators ───────────────────────────

  queryOperator = this.RULE('queryOperator', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.whereOperator) },
      { ALT: () => this.SUBRULE(this.extendOperator) },
      { ALT: () => this.SUBRULE(this.projectOperator) },
      { ALT: () => this.SUBRULE(this.projectAwayOperator) },
      { ALT: () => this.SUBRULE(this.projectKeepOperator) },
      { ALT: () => this.SUBRULE(this.projectRenameOperator) },
      { ALT: () => this.SUBRULE(this.projectReorderOperator) },
      { ALT: () => this.SUBRULE(this.takeOperator) },
      { ALT: () => this.SUBRULE(this.sortOperator) },
      { ALT: () => this.SUBRULE(this.topOperator) },
      { ALT: () => this.SUBRULE(this.countOperator) },
      { ALT: () => this.SUBRULE(this.distinctOperator) },
      { ALT: () => this.SUBRULE(this.summarizeOperator) },
      { ALT: () => this.SUBRULE(this.joinOperator) },
      { ALT: () => this.SUBRULE(this.unionOperator) },
      { ALT: () => this.SUBRULE(this.mvexpandOperator) },
      { ALT: () => this.SUBRULE(this.asOperator) },
      { ALT: () => this.SUBRULE(this.getSchemaOperator) },
      { ALT: () => this.SUBRULE(this.serializeOperator) },
      { ALT: () => this.SUBRULE(this.renderOperator) },
      { ALT: () => this.SUBRULE(this.evaluateOperator) },
      { ALT: () => this.SUBRULE(this.projectByNamesOperator) },
      { ALT: () => this.SUBRULE(this.searchOperator) },
      { ALT: () => this.SUBRULE(this.parseOperator) },
      { ALT: () => this.SUBRULE(this.parseKvOperator) },
      { ALT: () => this.SUBRULE(this.invokeOperator) },
      { ALT: () => this.SUBRULE(this.mvapplyOperator) },
      { ALT: () => this.SUBRULE(this.makeSeriesOperator) },
      { ALT: () => this.SUBRULE(this.lookupOperator) },
      { ALT: () => this.SUBRULE(this.topNestedOperator) },
      { ALT: () => this.SUBRULE(this.sampleOperator) },
      { ALT: () => this.SUBRULE(this.sampleDistinctOperator) },
      { ALT: () => this.SUBRULE(this.scanOperator) },
      { ALT: () => this.SUBRULE(this.reduceOperator) },
      { ALT: () => this.SUBRULE(this.forkOperator) },
      { ALT: () => this.SUBRULE(this.facetOperator) },
      { ALT: () => this.SUBRULE(this.partitionOperator) },
      { ALT: () => this.SUBRULE(this.makeGraphOperator) },
      { ALT: () => this.SUBRULE(this.graphMatchOperator) },
      { ALT: () => this.SUBRULE(this.graphToTableOperator) },
      { ALT: () => this.SUBRULE(this.graphMarkComponentsOperator) },
      { ALT: () => this.SUBRULE(this.graphMergeOperator) },
      { ALT: () => this.SUBRULE(this.unsupportedOperator) },
    ]);
  });

  whereOperator = this.RULE('whereOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Where) }, { ALT: () => this.CONSUME(T.Filter) }]);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'predicate' });
  });

  extendOperator = this.RULE('extendOperator', () => {
    this.CONSUME(T.Extend);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'items' }) });
  });

  projectOperator = this.RULE('projectOperator', () => {
    this.CONSUME(T.Project);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'items' }) });
  });

  projectAwayOperator = this.RULE('projectAwayOperator', () => {
    this.CONSUME(T.ProjectAway);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnNameOrPattern, { LABEL: 'columns' }) });
  });

  projectKeepOperator = this.RULE('projectKeepOperator', () => {
    this.CONSUME(T.ProjectKeep);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnNameOrPattern, { LABEL: 'columns' }) });
  });

  projectRenameOperator = this.RULE('projectRenameOperator', () => {
    this.CONSUME(T.ProjectRename);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.projectRenameItem, { LABEL: 'items' }) });
  });

  projectRenameItem = this.RULE('projectRenameItem', () => {
    this.SUBRULE(this.nameDeclaration, { LABEL: 'newName' });
    this.CONSUME(T.Equal);
    this.SUBRULE2(this.nameDeclaration, { LABEL: 'oldName' });
  });

  projectReorderOperator = this.RULE('projectReorderOperator', () => {
    this.CONSUME(T.ProjectReorder);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.projectReorderItem, { LABEL: 'items' }) });
  });

  projectReorderItem = this.RULE('projectReorderItem', () => {
    this.SUBRULE(this.columnNameOrPattern, { LABEL: 'column' });
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Asc, { LABEL: 'order' }) },
        { ALT: () => this.CONSUME(T.Desc, { LABEL: 'order' }) },
        { ALT: () => this.CONSUME(T.GrannyAsc, { LABEL: 'order' }) },
        { ALT: () => this.CONSUME(T.GrannyDesc, { LABEL: 'order' }) },
      ]),
    );
  });

  /** a column name, `['escaped']`, or a wildcard pattern `Acc*`, `*Id` (adjacent tokens) */
  columnNameOrPattern = this.RULE('columnNameOrPattern', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.escapedName) },
      {
        ALT: () =>
          this.AT_LEAST_ONE(() =>
            this.OR2([
              { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'parts' }) },
              { ALT: () => this.CONSUME(T.Star, { LABEL: 'parts' }) },
            ]),
          ),
      },
    ]);
  });

  takeOperator = this.RULE('takeOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Take) }, { ALT: () => this.CONSUME(T.Limit) }]);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'count' });
  });

  sortOperator = this.RULE('sortOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Sort) }, { ALT: () => this.CONSUME(T.Order) }]);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderedExpression, { LABEL: 'items' }) });
  });

  orderedExpression = this.RULE('orderedExpression', () => {
    this.SUBRULE(this.unnamedExpression, { LABEL: 'expr' });
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Asc, { LABEL: 'direction' }) },
        { ALT: () => this.CONSUME(T.Desc, { LABEL: 'direction' }) },
      ]),
    );
    this.OPTION2(() => {
      this.CONSUME(T.Nulls);
      this.OR2([
        { ALT: () => this.CONSUME(T.First, { LABEL: 'nulls' }) },
        { ALT: () => this.CONSUME(T.Last, { LABEL: 'nulls' }) },
      ]);
    });
  });

  topOperator = this.RULE('topOperator', () => {
    this.CONSUME(T.Top);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'count' });
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderedExpression, { LABEL: 'items' }) });
  });

  countOperator = this.RULE('countOperator', () => {
    this.CONSUME(T.Count);
  });

  distinctOperator = this.RULE('distinctOperator', () => {
    this.CONSUME(T.Distinct);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.OR({
      IGNORE_AMBIGUITIES: true, // `distinct *` vs an expression `* has "x"`: atStarOperator decides
      DEF: [
        { GATE: () => !this.atStarOperator(), ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () =>
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unnamedExpression, { LABEL: 'items' }) }),
        },
      ],
    });
  });

  summarizeOperator = this.RULE('summarizeOperator', () => {
    this.CONSUME(T.Summarize);
    this.OPTION(() => this.SUBRULE(this.hintParameters, { LABEL: 'hints' }));
    this.OPTION2(() =>
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'aggregates' }) }),
    );
    this.OPTION3(() => this.SUBRULE(this.summarizeByClause, { LABEL: 'byClause' }));
  });

  summarizeByClause = this.RULE('summarizeByClause', () => {
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'keys' }) });
  });

  joinOperator = this.RULE('joinOperator', () => {
    this.CONSUME(T.Join);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'right' });
    this.CONSUME(T.On);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.unnamedExpression, { LABEL: 'conditions' }) });
  });

  unionOperator = this.RULE('unionOperator', () => {
    this.CONSUME(T.Union);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unionOperand, { LABEL: 'tables' }) });
  });

  mvexpandOperator = this.RULE('mvexpandOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.MvExpand) }, { ALT: () => this.CONSUME(T.MvExpandLegacy) }]);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.mvexpandItem, { LABEL: 'items' }) });
    this.OPTION2(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'limit' });
    });
  });

  mvexpandItem = this.RULE('mvexpandItem', () => {
    this.SUBRULE(this.namedExpression, { LABEL: 'item' });
    this.OPTION(() => {
      this.CONSUME(T.To);
      this.CONSUME(T.Typeof);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.typeName, { LABEL: 'type' });
      this.CONSUME(T.RParen);
    });
  });

  asOperator = this.RULE('asOperator', () => {
    this.CONSUME(T.As);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
  });

  getSchemaOperator = this.RULE('getSchemaOperator', () => {
    this.CONSUME(T.GetSchema);
  });

  serializeOperator = this.RULE('serializeOperator', () => {
    this.CONSUME(T.Serialize);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'items' }) });
  });

  renderOperator = this.RULE('renderOperator', () => {
    this.CONSUME(T.Render);
    this.CONSUME(T.Identifier, { LABEL: 'chart' });
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.renderProperty, { LABEL: 'properties' }) });
      this.CONSUME(T.RParen);
    });
  });

  /** `name = value`, or a bare value continuing the previous property's list (`ycolumns=a, b`) */
  renderProperty = this.RULE('renderProperty', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Equal);
    });
    this.SUBRULE(this.unnamedExpression, { LABEL: 'value' });
  });

  /** `evaluate [hint.x=y] plugin(args) [: (*, name:type, ...)]` */
  evaluateOperator = this.RULE('evaluateOperator', () => {
    this.CONSUME(T.Evaluate);
    this.OPTION(() => this.SUBRULE(this.hintParameters, { LABEL: 'hints' }));
    this.CONSUME(T.Identifier, { LABEL: 'plugin' });
    this.SUBRULE(this.argumentList, { LABEL: 'args' });
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.outputSchema, { LABEL: 'schema' });
    });
  });

  /** a plugin's OutputSchema: `(*, name:type, ...)` */
  outputSchema = this.RULE('outputSchema', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.Star, { LABEL: 'star' }) },
          { ALT: () => this.SUBRULE(this.columnDeclaration, { LABEL: 'columns' }) },
        ]),
    });
    this.CONSUME(T.RParen);
  });

  /** `[T |] search [kind=case_sensitive] [in (T1, T2*)] predicate` (`*` alone: every row) */
  searchOperator = this.RULE('searchOperator', () => {
    this.CONSUME(T.Search);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.OPTION2(() => this.SUBRULE(this.tableSources, { LABEL: 'sources' }));
    this.OR({
      IGNORE_AMBIGUITIES: true, // `search *` vs `search * has "x"`: atStarOperator decides
      DEF: [
        { GATE: () => !this.atStarOperator(), ALT: () => this.CONSUME(T.Star, { LABEL: 'star' }) },
        { ALT: () => this.SUBRULE(this.unnamedExpression, { LABEL: 'predicate' }) },
      ],
    });
  });

  /** `in (T1, T2*, (U | where x))` */
  tableSources = this.RULE('tableSources', () => {
    this.CONSUME(T.In);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unionOperand, { LABEL: 'tables' }) });
    this.CONSUME(T.RParen);
  });

  /** `find [withsource=C] [in (T1, ...)] [where] predicate [project-smart | project a, b:type, pack_all()]` */
  findExpression = this.RULE('findExpression', () => {
    this.CONSUME(T.Find);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.OPTION2(() => this.SUBRULE(this.tableSources, { LABEL: 'sources' }));
    this.OPTION3(() => this.CONSUME(T.Where));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'predicate' });
    this.OPTION4(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.ProjectSmart, { LABEL: 'projectSmart' }) },
        {
          ALT: () => {
            this.CONSUME(T.Project);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.findProjectItem, { LABEL: 'project' }) });
          },
        },
      ]),
    );
  });

  /** `name`, `name:type` or `pack_all()` */
  findProjectItem = this.RULE('findProjectItem', () => {
    this.SUBRULE(this.nameReferenceOrCall, { LABEL: 'item' });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeName, { LABEL: 'type' });
    });
  });

  /** `project-by-names "a", "b*", dynamic([...]), column_names_of(T)` */
  projectByNamesOperator = this.RULE('projectByNamesOperator', () => {
    this.CONSUME(T.ProjectByNames);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.unnamedExpression, { LABEL: 'items' }) });
  });

  /** `parse [kind=simple|regex|relaxed] [flags=...] expr with [*] "text" name[:type] [*] ...` (and `parse-where`) */
  parseOperator = this.RULE('parseOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Parse, { LABEL: 'keyword' }) }, { ALT: () => this.CONSUME(T.ParseWhere, { LABEL: 'keyword' }) }]);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'source' });
    this.CONSUME(T.With);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.parsePatternItem, { LABEL: 'items' }));
  });

  /** `parse-kv expr as (name:type, ...) [with (pair_delimiter=',', kv_delimiter=':', quote='"', escape='\\', greedy=true, regex='...')]` */
  parseKvOperator = this.RULE('parseKvOperator', () => {
    this.CONSUME(T.ParseKv);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'source' });
    this.CONSUME(T.As);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnDeclaration, { LABEL: 'columns' }) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.CONSUME2(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.parseKvParameter, { LABEL: 'parameters' }) });
      this.CONSUME2(T.RParen);
    });
  });

  parseKvParameter = this.RULE('parseKvParameter', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) }, { ALT: () => this.CONSUME(T.QueryParameterName, { LABEL: 'name' }) }]);
    this.CONSUME(T.Equal);
    this.OR2([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'value' }) },
    ]);
  });

  /** `mv-apply [with_itemindex=i] x = arr [to typeof(t)], ... [limit n] on (operators)` */
  mvapplyOperator = this.RULE('mvapplyOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(T.MvApply) }, { ALT: () => this.CONSUME(T.MvApplyLegacy) }]);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.mvexpandItem, { LABEL: 'items' }) });
    this.OPTION2(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'limit' });
    });
    this.CONSUME(T.On);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP2({ SEP: T.Pipe, DEF: () => this.SUBRULE(this.queryOperator, { LABEL: 'body' }) });
    this.CONSUME(T.RParen);
  });

  /** `invoke f(args)`: calls a tabular function with the piped table as its first argument */
  invokeOperator = this.RULE('invokeOperator', () => {
    this.CONSUME(T.Invoke);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'call' });
  });

  parsePatternItem = this.RULE('parsePatternItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star, { LABEL: 'star' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'text' }) },
      {
        ALT: () => {
          this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.typeName, { LABEL: 'type' });
          });
        },
      },
    ]);
  });

  /**
   * `make-series [kind=nonempty] [Col =] Agg [default = V], ... on Axis (from a] [to b] step s | in range(a, b, s))
   * [by [Col =] Expr, ...]`
   */
  makeSeriesOperator = this.RULE('makeSeriesOperator', () => {
    this.CONSUME(T.MakeSeries);
    this.OPTION(() => this.SUBRULE(this.hintParameters, { LABEL: 'parameters' }));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.makeSeriesItem, { LABEL: 'items' }) });
    this.CONSUME(T.On);
    this.SUBRULE(this.functionCallOrPathExpression, { LABEL: 'axis' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.CONSUME(T.Range);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.unnamedExpression, { LABEL: 'rangeStart' });
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.unnamedExpression, { LABEL: 'rangeStop' });
          this.CONSUME2(T.Comma);
          this.SUBRULE3(this.unnamedExpression, { LABEL: 'rangeStep' });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => {
            this.CONSUME(T.From);
            this.SUBRULE4(this.unnamedExpression, { LABEL: 'from' });
          });
          this.OPTION3(() => {
            this.CONSUME(T.To);
            this.SUBRULE5(this.unnamedExpression, { LABEL: 'to' });
          });
          this.CONSUME(T.Step);
          this.SUBRULE6(this.unnamedExpression, { LABEL: 'step' });
        },
      },
    ]);
    this.OPTION4(() => this.SUBRULE(this.summarizeByClause, { LABEL: 'byClause' }));
  });

  /** `lookup [kind=leftouter|inner] (Right) on conditions` (the conditions as in join) */
  lookupOperator = this.RULE('lookupOperator', () => {
    this.CONSUME(T.Lookup);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.SUBRULE(this.unnamedExpression, { LABEL: 'right' });
    this.CONSUME(T.On);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.unnamedExpression, { LABEL: 'conditions' }) });
  });

  /** `top-nested [N] of [Name =] Expr [with others = Value] by [Name =] Aggregation [asc|desc]`, comma-separated levels */
  topNestedOperator = this.RULE('topNestedOperator', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.topNestedClause, { LABEL: 'clauses' }) });
  });

  topNestedClause = this.RULE('topNestedClause', () => {
    this.CONSUME(T.TopNested);
    this.OPTION({ GATE: () => this.LA(1).image !== 'of', DEF: () => this.SUBRULE(this.unnamedExpression, { LABEL: 'count' }) });
    this.CONSUME(T.Identifier, { LABEL: 'ofKeyword' });
    this.SUBRULE(this.namedExpression, { LABEL: 'key' });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.CONSUME2(T.Identifier, { LABEL: 'othersKeyword' });
      this.CONSUME(T.Equal);
      this.SUBRULE2(this.unnamedExpression, { LABEL: 'others' });
    });
    this.CONSUME(T.By);
    this.SUBRULE2(this.namedExpression, { LABEL: 'aggregate' });
    this.OPTION3(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Asc, { LABEL: 'direction' }) },
        { ALT: () => this.CONSUME(T.Desc, { LABEL: 'direction' }) },
      ]),
    );
  });

  /** `sample N` */
  sampleOperator = this.RULE('sampleOperator', () => {
    this.CONSUME(T.Sample);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'count' });
  });

  /** `sample-distinct N of Expr` */
  sampleDistinctOperator = this.RULE('sampleDistinctOperator', () => {
    this.CONSUME(T.SampleDistinct);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'count' });
    this.CONSUME(T.Identifier, { LABEL: 'ofKeyword' });
    this.SUBRULE2(this.unnamedExpression, { LABEL: 'column' });
  });

  /** `[Col =] Aggregation [default = Value]` */
  makeSeriesItem = this.RULE('makeSeriesItem', () => {
    this.SUBRULE(this.namedExpression, { LABEL: 'item' });
    this.OPTION({
      GATE: () => this.LA(1).image === 'default' && tokenMatcher(this.LA(2), T.Equal),
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'defaultKeyword' });
        this.CONSUME(T.Equal);
        this.SUBRULE(this.unnamedExpression, { LABEL: 'default' });
      },
    });
  });

  /** `scan [with_match_id=Id] [declare (c: type [= default], ...)] with (step s [output=all|last|none]: cond [=> c = e, ...]; ...)` */
  scanOperator = this.RULE('scanOperator', () => {
    this.CONSUME(T.Scan);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.OPTION2(() => {
      this.CONSUME(T.Declare);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.scanDeclaration, { LABEL: 'declarations' }) });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.With);
    this.CONSUME2(T.LParen);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.scanStep, { LABEL: 'steps' }));
    this.CONSUME2(T.RParen);
  });

  scanDeclaration = this.RULE('scanDeclaration', () => {
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeName, { LABEL: 'type' });
    this.OPTION(() => {
      this.CONSUME(T.Equal);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'default' });
    });
  });

  scanStep = this.RULE('scanStep', () => {
    this.CONSUME(T.Step);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'outputKeyword' });
      this.CONSUME(T.Equal);
      this.OR([
        { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'output' }) },
        { ALT: () => this.CONSUME(T.Last, { LABEL: 'output' }) },
      ]);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'condition' });
    this.OPTION2(() => {
      this.CONSUME(T.FatArrow);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.scanAssignment, { LABEL: 'assignments' }) });
    });
    this.CONSUME(T.Semicolon);
  });

  scanAssignment = this.RULE('scanAssignment', () => {
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.CONSUME(T.Equal);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'value' });
  });

  /** `reduce [kind=source] by Expr [with [threshold=t] [, characters="..."]]` */
  reduceOperator = this.RULE('reduceOperator', () => {
    this.CONSUME(T.Reduce);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.CONSUME(T.By);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'expr' });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.reduceParameter, { LABEL: 'options' }) });
    });
  });

  reduceParameter = this.RULE('reduceParameter', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equal);
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.RealLiteral, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.LongLiteral, { LABEL: 'value' }) },
    ]);
  });

  /** `fork [name =] (operators) ...` (fork-operator.md) */
  forkOperator = this.RULE('forkOperator', () => {
    this.CONSUME(T.Fork);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.forkLeg, { LABEL: 'legs' }));
  });

  forkLeg = this.RULE('forkLeg', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Equal,
      DEF: () => {
        this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
        this.CONSUME(T.Equal);
      },
    });
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Pipe, DEF: () => this.SUBRULE(this.queryOperator, { LABEL: 'body' }) });
    this.CONSUME(T.RParen);
  });

  /** `facet by Col, ... [with (operators)]` (facet-operator.md) */
  facetOperator = this.RULE('facetOperator', () => {
    this.CONSUME(T.Facet);
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.nameDeclaration, { LABEL: 'columns' }) });
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Pipe, DEF: () => this.SUBRULE(this.queryOperator, { LABEL: 'body' }) });
      this.CONSUME(T.RParen);
    });
  });

  /** `partition [hint.x=y ...] by Col (operators)` or `... by Col { tabular expression }` (partition-operator.md) */
  partitionOperator = this.RULE('partitionOperator', () => {
    this.CONSUME(T.Partition);
    this.OPTION(() => this.SUBRULE(this.queryOperatorParameters, { LABEL: 'parameters' }));
    this.CONSUME(T.By);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'key' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Pipe, DEF: () => this.SUBRULE(this.queryOperator, { LABEL: 'body' }) });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.SUBRULE(this.pipeExpression, { LABEL: 'source' });
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  // ─────────────────────────── graph operators (make-graph-operator.md, graph-match-operator.md, ...) ───────────────────────────

  /**
   * `make-graph Src --> Dst [with Nodes on Id [, Nodes2 on Id2] | with_node_id=Name]
   * [partitioned-by Column (graph operators)]`
   */
  makeGraphOperator = this.RULE('makeGraphOperator', () => {
    this.CONSUME(T.MakeGraph);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'source' });
    this.CONSUME(T.Minus);
    this.CONSUME2(T.Minus);
    this.CONSUME(T.GreaterThan);
    this.SUBRULE2(this.nameDeclaration, { LABEL: 'target' });
    this.OPTION(() =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: () => this.LA(1).image === 'with_node_id',
            ALT: () => {
              this.CONSUME(T.Identifier, { LABEL: 'withNodeIdKeyword' });
              this.CONSUME(T.Equal);
              this.SUBRULE3(this.nameDeclaration, { LABEL: 'nodeIdName' });
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.With);
              this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.makeGraphNodes, { LABEL: 'nodes' }) });
            },
          },
        ],
      }),
    );
    this.OPTION2(() => {
      this.CONSUME(T.PartitionedBy);
      this.SUBRULE4(this.nameDeclaration, { LABEL: 'partitionColumn' });
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Pipe, DEF: () => this.SUBRULE(this.queryOperator, { LABEL: 'body' }) });
      this.CONSUME(T.RParen);
    });
  });

  /** `Nodes on IdColumn` */
  makeGraphNodes = this.RULE('makeGraphNodes', () => {
    this.SUBRULE(this.unnamedExpression, { LABEL: 'table' });
    this.CONSUME(T.On);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'id' });
  });

  /**
   * `graph-match [cycles=C] Pattern [, Pattern] [where Predicate] [project ...]` and
   * `graph-shortest-paths [output=any|all] Pattern [where Predicate] project ...`
   */
  graphMatchOperator = this.RULE('graphMatchOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GraphMatch, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.GraphShortestPaths, { LABEL: 'keyword' }) },
    ]);
    this.MANY({
      GATE: () => tokenMatcher(this.LA(1), T.Identifier) && this.LA(2).tokenType === T.Equal,
      DEF: () => this.SUBRULE(this.graphParameter, { LABEL: 'parameters' }),
    });
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.graphPattern, { LABEL: 'patterns' }) });
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.unnamedExpression, { LABEL: 'predicate' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Project);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedExpression, { LABEL: 'items' }) });
    });
  });

  /** `name = value` of a graph operator (`cycles=none`, `output=all`, `kind=strong`, `with_component_id=C`) */
  graphParameter = this.RULE('graphParameter', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equal);
    this.SUBRULE(this.nameDeclaration, { LABEL: 'value' });
  });

  /** `(a)-[e]->(b)<-[f*1..3]-(c)--()` */
  graphPattern = this.RULE('graphPattern', () => {
    this.SUBRULE(this.graphNode, { LABEL: 'nodes' });
    this.MANY(() => {
      this.SUBRULE(this.graphEdge, { LABEL: 'edges' });
      this.SUBRULE2(this.graphNode, { LABEL: 'nodes' });
    });
  });

  graphNode = this.RULE('graphNode', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.nameDeclaration, { LABEL: 'name' }));
    this.CONSUME(T.RParen);
  });

  /** `-->`, `<--`, `--`, `-[e]->`, `<-[e]-`, `-[e]-`, with `*min..max` inside the brackets for a variable length */
  graphEdge = this.RULE('graphEdge', () => {
    this.OPTION(() => this.CONSUME(T.LessThan, { LABEL: 'leftArrow' }));
    this.CONSUME(T.Minus);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.OPTION2(() => this.SUBRULE(this.nameDeclaration, { LABEL: 'name' }));
          this.OPTION3(() => {
            this.CONSUME(T.Star, { LABEL: 'star' });
            this.CONSUME(T.LongLiteral, { LABEL: 'min' });
            this.OPTION4(() => {
              this.CONSUME(T.DotDot);
              this.CONSUME2(T.LongLiteral, { LABEL: 'max' });
            });
          });
          this.CONSUME(T.RBracket);
          this.CONSUME2(T.Minus);
        },
      },
      { ALT: () => this.CONSUME3(T.Minus) },
    ]);
    this.OPTION5(() => this.CONSUME(T.GreaterThan, { LABEL: 'rightArrow' }));
  });

  /** `graph-to-table nodes [as N] [with_node_id=C] [, edges [as E] [with_source_id=S] [with_target_id=T]]` */
  graphToTableOperator = this.RULE('graphToTableOperator', () => {
    this.CONSUME(T.GraphToTable);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.graphToTableItem, { LABEL: 'items' }) });
  });

  graphToTableItem = this.RULE('graphToTableItem', () => {
    this.CONSUME(T.Identifier, { LABEL: 'what' });
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.As);
            this.SUBRULE(this.nameDeclaration, { LABEL: 'alias' });
          },
        },
        { ALT: () => this.SUBRULE(this.graphParameter, { LABEL: 'parameters' }) },
      ]),
    );
  });

  /** `graph-mark-components [kind=weak|strong] [with_component_id=Name]` */
  graphMarkComponentsOperator = this.RULE('graphMarkComponentsOperator', () => {
    this.CONSUME(T.GraphMarkComponents);
    this.MANY(() => this.SUBRULE(this.graphParameter, { LABEL: 'parameters' }));
  });

  /** `graph-merge RightGraph [on Column | $left.A == $right.B, ...]` (graph-merge-operator.md) */
  graphMergeOperator = this.RULE('graphMergeOperator', () => {
    this.CONSUME(T.GraphMerge);
    this.SUBRULE(this.unnamedExpression, { LABEL: 'right' });
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.unnamedExpression, { LABEL: 'conditions' }) });
    });
  });

  /** an operator recognised by name: its tokens are skipped up to the next top-level `|`, `;` or `)` */
  unsupportedOperator = this.RULE('unsupportedOperator', () => {
    this.CONSUME(T.UnsupportedOperatorName, { LABEL: 'keyword' });
    this.SUBRULE(this.skippedTokens);
  });

  skippedTokens = this.RULE('skippedTokens', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Skippable) },
        { ALT: () => this.SUBRULE(this.balancedGroup) },
      ]),
    );
  });

  balancedGroup = this.RULE('balancedGroup', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.balancedContent);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE2(this.balancedContent);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.SUBRULE3(this.balancedContent);
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  balancedContent = this.RULE('balancedContent', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Skippable) },
        { ALT: () => this.CONSUME(T.Pipe) },
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.balancedGroup) },
      ]),
    );
  });

  /** `kind=inner`, `withsource=T`, `hint.strategy=shuffle`, ... */
  queryOperatorParameters = this.RULE('queryOperatorParameters', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.queryOperatorParameter, { LABEL: 'parameters' }));
  });

  /** only `hint.x=y` parameters (operators whose items may start with `name =`) */
  hintParameters = this.RULE('hintParameters', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.queryOperatorParameter, { LABEL: 'parameters' }));
  });

  queryOperatorParameter = this.RULE('queryOperatorParameter', () => {
    this.CONSUME(T.QueryParameterName, { LABEL: 'name' });
    this.CONSUME(T.Equal);
    this.SUBRULE(this.queryOperatorParameterValue, { LABEL: 'value' });
  });

  queryOperatorParameterValue = this.RULE('queryOperatorParameterValue', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.LongLiteral) },
      { ALT: () => this.CONSUME(T.RealLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]);
  });

  // ─────────────────────────── scalar expressions ───────────────────────────

  /** `name = expr`, `(a, b) = expr`, `['a b'] = expr`, or `expr` */
  namedExpression = this.RULE('namedExpression', () => {
    this.OPTION({
      GATE: () => this.atNameClause(),
      DEF: () => this.SUBRULE(this.namedExpressionNameClause, { LABEL: 'names' }),
    });
    this.SUBRULE(this.unnamedExpression, { LABEL: 'expr' });
  });

  namedExpressionNameClause = this.RULE('namedExpressionNameClause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.nameDeclaration, { LABEL: 'names' }) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.nameDeclaration, { LABEL: 'names' }) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.Equal);
  });

  /**
   * A scalar expression: operands and binary operators in a flat list. Kql.g4 nests one rule per
   * precedence level (logicalOr → logicalAnd → equality → relational → additive → multiplicative →
   * stringOperator); flattening them keeps the parser fast and shallow, and build-ast applies KQL's
   * precedence (`or` < `and` < `== != in between` < `< <= > >=` < `+ -` < `* / %` < `has =~ ...`).
   */
  unnamedExpression = this.RULE('unnamedExpression', () => {
    this.SUBRULE(this.invocationExpression, { LABEL: 'operands' });
    this.MANY(() => this.SUBRULE(this.expressionTail, { LABEL: 'tails' }));
  });

  /** one `op operand`, `in (list)` or `between (low .. high)` continuing an expression */
  expressionTail = this.RULE('expressionTail', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.binaryOperator, { LABEL: 'operator' });
          this.SUBRULE(this.invocationExpression, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ListOperator, { LABEL: 'listOperator' });
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pipeExpression, { LABEL: 'items' }) });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Between, { LABEL: 'betweenOperator' }) },
            { ALT: () => this.CONSUME(T.NotBetween, { LABEL: 'betweenOperator' }) },
          ]);
          this.CONSUME2(T.LParen);
          this.SUBRULE(this.unnamedExpression, { LABEL: 'low' });
          this.CONSUME(T.DotDot);
          this.SUBRULE2(this.unnamedExpression, { LABEL: 'high' });
          this.CONSUME2(T.RParen);
        },
      },
    ]);
  });

  binaryOperator = this.RULE('binaryOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Or, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.And, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.EqualEqual, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.BangEqual, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.LessThanGreaterThan, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.LessThan, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.LessThanOrEqual, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.GreaterThan, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.GreaterThanOrEqual, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.Plus, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.Star, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.Percent, { LABEL: 'operator' }) },
      { ALT: () => this.CONSUME(T.StringOperator, { LABEL: 'operator' }) },
      {
        ALT: () => {
          this.CONSUME(T.Matches, { LABEL: 'operator' });
          this.CONSUME(T.Regex);
        },
      },
    ]);
  });

  /** an operand: unary `-x` / `+x` (one sign, as in Kusto) on a path expression */
  invocationExpression = this.RULE('invocationExpression', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'sign' }) },
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'sign' }) },
      ]),
    );
    this.SUBRULE(this.primaryExpression, { LABEL: 'root' });
    this.MANY(() => this.SUBRULE(this.pathOperation, { LABEL: 'path' }));
  });

  /** a primary expression followed by `.name`, `.name(args)`, `[index]`, `.[index]` */
  functionCallOrPathExpression = this.RULE('functionCallOrPathExpression', () => {
    this.SUBRULE(this.primaryExpression, { LABEL: 'root' });
    this.MANY(() => this.SUBRULE(this.pathOperation, { LABEL: 'path' }));
  });

  pathOperation = this.RULE('pathOperation', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Identifier, { LABEL: 'name' });
                this.OPTION(() => this.SUBRULE(this.argumentList, { LABEL: 'call' }));
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.LBracket);
                this.SUBRULE(this.unnamedExpression, { LABEL: 'element' });
                this.CONSUME(T.RBracket);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LBracket);
          this.SUBRULE2(this.unnamedExpression, { LABEL: 'index' });
          this.CONSUME2(T.RBracket);
        },
      },
    ]);
  });

  primaryExpression = this.RULE('primaryExpression', () => {
    this.OR([
      // `* has "x"`: any column (where-operator.md); only before a string operator, `==`, `=~`, `!~` or
      // `matches regex`, as Microsoft's analyzer accepts it — `count(*)`, `distinct *` keep their meaning
      { GATE: () => this.atStarOperator(), ALT: () => this.CONSUME(T.Star, { LABEL: 'star' }) },
      { ALT: () => this.SUBRULE(this.literalExpression) },
      { ALT: () => this.SUBRULE(this.stringLiteralExpression) },
      { ALT: () => this.SUBRULE(this.dynamicLiteralExpression) },
      { ALT: () => this.SUBRULE(this.nameReferenceOrCall) },
      { ALT: () => this.SUBRULE(this.escapedName) },
      { ALT: () => this.SUBRULE(this.parenthesizedExpression) },
      { ALT: () => this.SUBRULE(this.dataTableExpression) },
      { ALT: () => this.SUBRULE(this.externalDataExpression) },
    ]);
  });

  literalExpression = this.RULE('literalExpression', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LongLiteral) },
      { ALT: () => this.CONSUME(T.RealLiteral) },
      { ALT: () => this.CONSUME(T.TimespanLiteral) },
      { ALT: () => this.CONSUME(T.TypedLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]);
  });

  /** adjacent string literals concatenate: `'a' "b"` is `"ab"` */
  stringLiteralExpression = this.RULE('stringLiteralExpression', () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral));
  });

  nameReferenceOrCall = this.RULE('nameReferenceOrCall', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.argumentList, { LABEL: 'call' }));
    // search-operator.md: `Column:"term"` restricts a search term to one column
    this.OPTION2({
      GATE: () => this.LA(1).tokenType === T.Colon && tokenMatcher(this.LA(2), T.StringLiteral),
      DEF: () => {
        this.CONSUME(T.Colon, { LABEL: 'termColon' });
        this.CONSUME(T.StringLiteral, { LABEL: 'term' });
      },
    });
  });

  argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument, { LABEL: 'args' }) });
    this.CONSUME(T.RParen);
  });

  /** `*`, `name = value`, or any expression (tabular ones included: `toscalar(T | count)`) */
  argument = this.RULE('argument', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true, // `count(*)` vs `countif(* has "x")`: atStarOperator decides
      DEF: [
        { GATE: () => !this.atStarOperator(), ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.CONSUME(T.Identifier, { LABEL: 'name' });
            this.CONSUME(T.Equal);
            this.SUBRULE(this.pipeExpression, { LABEL: 'value' });
          },
        },
        { ALT: () => this.SUBRULE2(this.pipeExpression, { LABEL: 'value' }) },
      ],
    });
  });

  /** `['Column With Spaces']` */
  escapedName = this.RULE('escapedName', () => {
    this.CONSUME(T.LBracket);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.RBracket);
  });

  /** a declared name: an identifier, `['escaped']`, or a reserved word Kusto allows here (`extend where = 1`) */
  nameDeclaration = this.RULE('nameDeclaration', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.ExtendedName) },
      { ALT: () => this.SUBRULE(this.escapedName) },
    ]);
  });

  parenthesizedExpression = this.RULE('parenthesizedExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.pipeExpression, { LABEL: 'expr' });
    this.CONSUME(T.RParen);
  });

  /** `datatable(a:int, b:string) [1, "x", 2, "y"]` (a trailing comma is allowed) */
  dataTableExpression = this.RULE('dataTableExpression', () => {
    this.CONSUME(T.Datatable);
    this.OPTION(() => this.SUBRULE(this.hintParameters));
    this.SUBRULE(this.rowSchema, { LABEL: 'schema' });
    this.CONSUME(T.LBracket);
    this.OPTION2(() => {
      this.SUBRULE(this.unnamedExpression, { LABEL: 'values' });
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBracket,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.unnamedExpression, { LABEL: 'values' });
        },
      });
      this.OPTION3(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  rowSchema = this.RULE('rowSchema', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnDeclaration, { LABEL: 'columns' }) });
    this.CONSUME(T.RParen);
  });

  columnDeclaration = this.RULE('columnDeclaration', () => {
    this.SUBRULE(this.nameDeclaration, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeName, { LABEL: 'type' });
  });

  typeName = this.RULE('typeName', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Dynamic) }]);
  });

  /** `externaldata (a:string, ...) [ "path", ... ] [with (format="csv", ignoreFirstRecord=true)]` */
  externalDataExpression = this.RULE('externalDataExpression', () => {
    this.CONSUME(T.ExternalData, { LABEL: 'keyword' });
    this.SUBRULE(this.rowSchema, { LABEL: 'schema' });
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.stringLiteralExpression, { LABEL: 'uris' }) });
    this.CONSUME(T.RBracket);
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.externalDataProperty, { LABEL: 'properties' }) });
      this.CONSUME(T.RParen);
    });
  });

  /** `name = value` (a literal or a bare word) */
  externalDataProperty = this.RULE('externalDataProperty', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.QueryParameterName, { LABEL: 'name' }) },
    ]);
    this.CONSUME(T.Equal);
    this.SUBRULE(this.queryOperatorParameterValue, { LABEL: 'value' });
  });

  // ─────────────────────────── lookahead gates ───────────────────────────

  /** `name =` or `['name'] =` starting at LA(i); returns the index after `=`, or 0 */
  private nameAndEqualAt(i: number): number {
    if (this.isNameToken(i)) return this.LA(i + 1).tokenType === T.Equal ? i + 2 : 0;
    if (
      this.LA(i).tokenType === T.LBracket &&
      this.LA(i + 1).tokenType === T.StringLiteral &&
      this.LA(i + 2).tokenType === T.RBracket
    ) {
      return this.LA(i + 3).tokenType === T.Equal ? i + 4 : 0;
    }
    return 0;
  }

  private isNameToken(i: number): boolean {
    const t = this.LA(i);
    return tokenMatcher(t, T.Identifier) || tokenMatcher(t, T.ExtendedName);
  }

  /** `*` followed by an operator that takes `*` as its left operand (`* has "x"`) */
  private atStarOperator(): boolean {
    if (this.LA(1).tokenType !== T.Star) return false;
    const next = this.LA(2);
    return tokenMatcher(next, T.StringOperator) || next.tokenType === T.EqualEqual || next.tokenType === T.Matches;
  }

  /** `*` or `name*` (adjacent): a wildcard table name */
  private atWildcardName(): boolean {
    const first = this.LA(1);
    if (first.tokenType === T.Star) return true;
    const second = this.LA(2);
    return tokenMatcher(first, T.Identifier) && second.tokenType === T.Star && second.startOffset === first.endOffset! + 1;
  }

  /** `entity_group [` (macro-expand-operator.md) */
  private atEntityGroupLiteral(): boolean {
    return this.LA(1).tokenType === T.Identifier && this.LA(1).image === 'entity_group' && this.LA(2).tokenType === T.LBracket;
  }

  /** `let name =` */
  private atLetStatement(): boolean {
    return this.LA(1).tokenType === T.Let && this.nameAndEqualAt(2) > 0;
  }

  /** `name =`, `['name'] =` or `(a, b) =` */
  private atNameClause(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return this.nameAndEqualAt(1) > 0;
    let i = 2;
    for (;;) {
      const t = this.LA(i);
      if (this.isNameToken(i)) i += 1;
      else if (t.tokenType === T.LBracket && this.LA(i + 1).tokenType === T.StringLiteral && this.LA(i + 2).tokenType === T.RBracket) i += 3;
      else return false;
      const sep = this.LA(i).tokenType;
      if (sep === T.RParen) return this.LA(i + 1).tokenType === T.Equal;
      if (sep !== T.Comma) return false;
      i += 1;
    }
  }

  /** `()` followed by `{`, or `(name:` — a function's parameter list starting at LA(i) */
  private atFunctionParameters(i: number): boolean {
    if (this.LA(i).tokenType !== T.LParen) return false;
    const next = this.LA(i + 1);
    if (next.tokenType === T.RParen) return this.LA(i + 2).tokenType === T.LBrace;
    if (this.isNameToken(i + 1)) return this.LA(i + 2).tokenType === T.Colon;
    return next.tokenType === T.LBracket && this.LA(i + 2).tokenType === T.StringLiteral && this.LA(i + 4).tokenType === T.Colon;
  }

  // ─────────────────────────── dynamic literals ───────────────────────────

  dynamicLiteralExpression = this.RULE('dynamicLiteralExpression', () => {
    this.CONSUME(T.Dynamic);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.jsonValue, { LABEL: 'value' });
    this.CONSUME(T.RParen);
  });

  jsonValue = this.RULE('jsonValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.jsonObject) },
      { ALT: () => this.SUBRULE(this.jsonArray) },
      { ALT: () => this.SUBRULE(this.stringLiteralExpression) },
      {
        ALT: () => {
          this.OPTION(() =>
            this.OR2([
              { ALT: () => this.CONSUME(T.Minus, { LABEL: 'sign' }) },
              { ALT: () => this.CONSUME(T.Plus, { LABEL: 'sign' }) },
            ]),
          );
          this.OR3([
            { ALT: () => this.CONSUME(T.LongLiteral, { LABEL: 'number' }) },
            { ALT: () => this.CONSUME(T.RealLiteral, { LABEL: 'number' }) },
          ]);
        },
      },
      {
        // `-long(1)`, `-real(1.5)`: the analyzer takes a minus before a long or real literal
        ALT: () => {
          this.CONSUME2(T.Minus, { LABEL: 'sign' });
          this.CONSUME2(T.TypedLiteral, { LABEL: 'number' });
        },
      },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.TypedLiteral) },
      { ALT: () => this.CONSUME(T.TimespanLiteral) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'null' }) },
      { ALT: () => this.SUBRULE(this.dynamicLiteralExpression) },
    ]);
  });

  jsonObject = this.RULE('jsonObject', () => {
    this.CONSUME(T.LBrace);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.jsonPair, { LABEL: 'pairs' }) });
    this.CONSUME(T.RBrace);
  });

  jsonPair = this.RULE('jsonPair', () => {
    this.CONSUME(T.StringLiteral, { LABEL: 'key' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.jsonValue, { LABEL: 'value' });
  });

  jsonArray = this.RULE('jsonArray', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.jsonValue, { LABEL: 'items' }) });
    this.CONSUME(T.RBracket);
  });
}

/** The one shared parser instance (construction runs the grammar analysis once). */
export const kqlParser = new KqlParser();
