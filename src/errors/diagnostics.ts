// One factory per diagnostic: stable codes, messages and hints live only here.
import type { RawDiagnostic, Span } from './diagnostic.js';

const error = (code: string, message: string, span: Span, help?: string): RawDiagnostic =>
  help ? { code, severity: 'error', message, span, help } : { code, severity: 'error', message, span };

// KQL00xx — syntax
export const syntaxError = (message: string, span: Span, help?: string) => error('KQL0001', message, span, help);
export const unterminatedString = (span: Span) =>
  error('KQL0002', 'unterminated string literal', span, 'close the string with the same quote it starts with');
export const invalidLiteral = (what: string, text: string, span: Span, help?: string) =>
  error('KQL0003', `invalid ${what} literal '${text}'`, span, help);
export const missingTabularExpression = (span: Span) =>
  error('KQL0004', 'a query must end with a tabular expression', span,
    "add the table the pipeline starts from (for example 'MyTable') before the first '|'");
export const unexpectedCharacter = (ch: string, span: Span) => error('KQL0005', `unexpected character '${ch}'`, span);

// KQL01xx — not supported yet
export const unsupportedOperator = (name: string, span: Span) =>
  error('KQL0101', `operator '${name}' is not supported yet`, span);
export const unsupportedFunction = (name: string, span: Span) =>
  error('KQL0102', `function '${name}' is not supported yet`, span);
export const unsupportedFeature = (what: string, span: Span) => error('KQL0103', `${what} is not supported yet`, span);
export const pluginUnavailable = (name: string, why: string, span: Span) =>
  error('KQL0104', `plugin '${name}' is not available in this engine: ${why}`, span);

// KQL02xx — names
const didYouMean = (closest?: string) => (closest ? `did you mean '${closest}'?` : undefined);
export const unknownColumn = (name: string, span: Span, closest?: string) =>
  error('KQL0201', `unknown column '${name}'`, span, didYouMean(closest));
export const unknownTable = (name: string, span: Span, closest?: string) =>
  error('KQL0202', `unknown table or tabular expression '${name}'`, span, didYouMean(closest));
export const unknownFunction = (name: string, span: Span, closest?: string) =>
  error('KQL0203', `unknown function '${name}'`, span, didYouMean(closest));
export const unknownName = (name: string, span: Span, closest?: string) =>
  error('KQL0204', `unknown name '${name}'`, span, didYouMean(closest));
export const duplicateColumn = (name: string, span: Span) =>
  error('KQL0205', `column '${name}' is defined more than once`, span);
export const notTabular = (name: string, span: Span) =>
  error('KQL0206', `'${name}' is a scalar, not a tabular expression`, span);
export const notScalar = (what: string, span: Span) =>
  error('KQL0207', `${what} is tabular where a scalar is expected`, span, 'wrap it in toscalar(...)');
export const unknownFunctionForRegistration = (name: string, span: Span, help?: string) =>
  error('KQL0208', `function '${name}' needs an implementation registered by the application`, span,
    help ?? `register one with db.registerFunction('${name}', ...)`);

export const unknownDatabase = (name: string, span: Span, ours?: string) =>
  error('KQL0209', `unknown database '${name}'`, span, ours !== undefined
    ? `this in-memory database is named '${ours}'`
    : `this in-memory database has no name: give it one with new Database({ databaseName: '${name}' })`);

export const unknownEntity = (what: string, name: string, span: Span, closest?: string, help?: string) =>
  error('KQL0210', `unknown ${what} '${name}'`, span, didYouMean(closest) ?? help);

/** a graph model (db.addGraphModel) whose definition does not fit its steps' query results */
export const invalidGraphModel = (model: string, message: string, span: Span) =>
  error('KQL0212', `graph model '${model}': ${message}`, span);
/** macro-expand-operator.md: an entity group's entity, or what a scope name stands for, is not what its place needs */
export const invalidEntity = (message: string, span: Span, help?: string) => error('KQL0213', message, span, help);
/** macro-expand-operator.md: a nested macro-expand's scope name must differ from the enclosing ones */
export const macroExpandNameReused = (name: string, span: Span) =>
  error('KQL0214', `'${name}' is already the scope name of an enclosing macro-expand`, span,
    'a nested macro-expand needs its own identifier (macro-expand-operator.md), e.g. ... as Y (...)');
export const unknownCluster = (name: string, span: Span, ours?: string) =>
  error('KQL0211', `unknown cluster '${name}'`, span, ours !== undefined
    ? `this engine's cluster is named '${ours}'`
    : `this engine's cluster has no name: give it one with new Database({ clusterName: '${name}' })`);

// KQL03xx — types and arguments
export const operatorTypeMismatch = (op: string, left: string, right: string, span: Span, help?: string) =>
  error('KQL0301', `operator '${op}' is not defined for types '${left}' and '${right}'`, span, help);
export const unaryTypeMismatch = (op: string, t: string, span: Span) =>
  error('KQL0302', `operator '${op}' is not defined for type '${t}'`, span);
export const argumentTypeMismatch = (fn: string, index: number, expected: string, actual: string, span: Span, help?: string) =>
  error('KQL0303', `argument ${index + 1} of '${fn}' must be ${expected}, not '${actual}'`, span, help);
export const argumentCount = (fn: string, expected: string, actual: number, span: Span) =>
  error('KQL0304', `function '${fn}' expects ${expected} argument${expected === '1' ? '' : 's'}, got ${actual}`, span);
export const predicateNotBool = (actual: string, span: Span) =>
  error('KQL0305', `a filter predicate must be of type 'bool', not '${actual}'`, span);
export const constantRequired = (what: string, span: Span) =>
  error('KQL0306', `${what} must be a constant`, span);
export const aggregateOutsideSummarize = (name: string, span: Span) =>
  error('KQL0307', `aggregate function '${name}' can only be used in summarize (or similar operators)`, span);
export const expectedAggregate = (span: Span) =>
  error('KQL0308', 'summarize expects aggregate function calls here', span, 'use count(), sum(x), make_set(x), ...');
export const invalidJoinKey = (message: string, span: Span, help?: string) => error('KQL0309', message, span, help);
export const dynamicKey = (what: string, span: Span) =>
  error('KQL0310', `${what} cannot be of type 'dynamic'`, span, 'cast it first, e.g. tostring(...)');
export const typeMismatch = (message: string, span: Span, help?: string) => error('KQL0311', message, span, help);
export const notSerialized = (fn: string, span: Span) =>
  error('KQL0320', `function '${fn}' cannot be invoked here: the row set must be serialized`, span,
    "add '| serialize' or '| sort by ...' before it");
export const operatorNotAllowed = (name: string, span: Span, help?: string) =>
  error('KQL0321', `the query operator '${name}' is not allowed in the current context`, span, help);
export const invalidRegex = (pattern: string, reason: string, span: Span) =>
  error('KQL0312', `invalid regular expression '${pattern}': ${reason}`, span,
    'Kusto regular expressions are RE2: no lookaround, no backreferences (see re2-library.md)');

// KQL04xx — run time
export const runtimeError = (message: string, span: Span, help?: string) => error('KQL0401', message, span, help);
export const resourceLimit = (message: string, span: Span) => error('KQL0402', message, span);
