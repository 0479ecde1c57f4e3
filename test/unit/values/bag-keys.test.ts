// Bag keys are any strings: `__proto__`, `constructor`, `toString`, `hasOwnProperty` are ordinary keys
// in the shared bag helpers, in queries (no query may change Object.prototype) and in loaded data.
// Expected values are worked out by hand: a key given is a key kept, a key not given is missing (null).
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/index.js';
import { readTables } from '../../../src/node.js';
import { parseSchemaFile } from '../../../src/cli/main.js';
import { getMember, hasMember, setMember, type JsonObject } from '../../../src/values/dynamic.js';

describe('setMember / getMember / hasMember', () => {
  it('keeps __proto__ as an own, enumerable key and never changes the prototype', () => {
    const bag: JsonObject = {};
    setMember(bag, '__proto__', { x: 1 });
    setMember(bag, 'constructor', 2);
    setMember(bag, 'a', 3);
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(Object.keys(bag)).toEqual(['__proto__', 'constructor', 'a']);
    expect(JSON.stringify(bag)).toBe('{"__proto__":{"x":1},"constructor":2,"a":3}');
    expect((bag as { x?: unknown }).x).toBeUndefined();
    const seen: string[] = [];
    for (const k in bag) seen.push(k);
    expect(seen).toEqual(['__proto__', 'constructor', 'a']);
    // a second store replaces the value in place
    setMember(bag, '__proto__', 5);
    expect(getMember(bag, '__proto__')).toBe(5);
    expect(JSON.parse(JSON.stringify(bag))).toEqual(JSON.parse('{"__proto__":5,"constructor":2,"a":3}'));
  });

  it('reads only own members', () => {
    const bag: JsonObject = { a: 1 };
    for (const k of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(hasMember(bag, k)).toBe(false);
      expect(getMember(bag, k)).toBeUndefined();
    }
    expect(getMember(bag, 'a')).toBe(1);
  });
});

describe('queries cannot reach Object.prototype through a key', () => {
  it('bag_set_key and bag_remove_keys with $.__proto__ paths leave Object.prototype alone', () => {
    const db = new Database();
    const r = db.querySync(`print a = bag_set_key(dynamic({}), "$.__proto__.polluted", 1),
      b = bag_remove_keys(dynamic({"a":1}), dynamic(["$.__proto__.hasOwnProperty", "$.constructor.prototype"])),
      c = bag_set_key(dynamic({}), "$.constructor.prototype.polluted", 2)`);
    // hand: each path creates (a, c) or names nothing in (b) the argument bag itself
    expect(r.rows).toEqual([[JSON.parse('{"__proto__":{"polluted":1}}'), { a: 1 }, { constructor: { prototype: { polluted: 2 } } }]]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('loaded data keeps every key', () => {
  it('addTable: a dynamic column holding {"__proto__": {...}} keeps it (plain and converted rows)', () => {
    const plain = JSON.parse('{"d": {"__proto__": {"a": 1}, "b": 2}}') as Record<string, unknown>;
    // a Date inside makes the loader convert the value member by member
    const converted = { d: Object.assign(JSON.parse('{"__proto__": {"a": 1}}') as object, { t: new Date(Date.UTC(2024, 0, 1)) }) };
    const db = new Database().addTable('T', [plain, converted], { d: 'dynamic' });
    const r = db.querySync('T | project k = bag_keys(d), a = d.a, p = d["__proto__"].a');
    expect(r.rows).toEqual([
      [['__proto__', 'b'], null, 1],
      [['__proto__', 't'], null, 1],
    ]);
  });

  it('addTable: columns named constructor, toString, __proto__ are null where a row lacks them', () => {
    const rows = [{ a: 1 }, JSON.parse('{"a": 2, "constructor": "c", "toString": 5, "__proto__": {"q": 1}}') as Record<string, unknown>];
    const schema = [
      { name: 'a', type: 'long' }, { name: 'constructor', type: 'string' },
      { name: 'toString', type: 'long' }, { name: '__proto__', type: 'dynamic' },
    ];
    const db = new Database().addTable('T', rows, schema);
    expect(db.querySync('T').toJSON().rows).toEqual([
      [1, '', null, null],
      [2, 'c', 5, { q: 1 }],
    ]);
    // without a schema the types come from the rows that have the column
    const inferred = new Database().addTable('U', rows);
    const u = inferred.querySync('U');
    expect(u.columns).toEqual([
      { name: 'a', type: 'long' }, { name: 'constructor', type: 'string' },
      { name: 'toString', type: 'long' }, { name: '__proto__', type: 'dynamic' },
    ]);
    expect(u.toJSON().rows).toEqual([[1, '', null, null], [2, 'c', 5, { q: 1 }]]);
  });

  it('a CSV column named __proto__ keeps its values', async () => {
    const [t] = await readTables('__proto__,constructor\nx,1\n,2\n', { file: 'f.csv', table: 'T' });
    expect(t!.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor']);
    expect(t!.rows.map((r) => [getMember(r, '__proto__'), getMember(r, 'constructor')])).toEqual([['x', '1'], [null, '2']]);
  });

  it('a --schema file may name a table __proto__', () => {
    const schemas = parseSchemaFile('s.json', '{"__proto__": {"a": "long"}, "T": {"b": "string"}}');
    expect(Object.keys(schemas)).toEqual(['__proto__', 'T']);
    expect(getMember(schemas, '__proto__')).toEqual({ a: 'long' });
    expect(Object.getPrototypeOf(schemas)).toBe(Object.prototype);
  });
});
