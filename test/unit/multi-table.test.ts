// Queries with several result tables: fork (fork-operator.md) and facet (facet-operator.md).
// db.query returns the first table; result.tables lists all of them, result.table(name) finds one.
// Expected rows are worked out by hand from the documented semantics.
import { describe, expect, it } from 'vitest';
import { Database, KqlError } from '../../src/index.js';

const db = new Database().addTable('StormEvents', [
  { State: 'FLORIDA', EventType: 'Flood', DeathsDirect: 2, InjuriesDirect: 0 },
  { State: 'FLORIDA', EventType: 'Heat', DeathsDirect: 0, InjuriesDirect: 3 },
  { State: 'FLORIDA', EventType: 'Flood', DeathsDirect: 0, InjuriesDirect: 0 },
  { State: 'TEXAS', EventType: 'Hail', DeathsDirect: 5, InjuriesDirect: 5 },
], { State: 'string', EventType: 'string', DeathsDirect: 'long', InjuriesDirect: 'long' });

const summary = (tables: { name: string; columns: { name: string }[]; rows: unknown[][] }[]) =>
  tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name), rows: t.rows }));

describe('several result tables', () => {
  it('an ordinary query has one table, PrimaryResult', () => {
    const r = db.querySync('StormEvents | count');
    expect(r.name).toBe('PrimaryResult');
    expect(r.tables).toEqual([r]);
    expect(r.table('PrimaryResult')).toBe(r);
  });

  it('fork: one table per leg, named by name= or the leg\'s as (fork-operator.md, named subqueries)', () => {
    const r = db.querySync(`StormEvents
      | where State == "FLORIDA"
      | fork
          StormsWithDeaths = (where DeathsDirect > 1 | project EventType)
          (where InjuriesDirect > 1 | project EventType | as StormsWithInjuries)
          (count)`);
    expect(summary(r.tables)).toEqual([
      { name: 'StormsWithDeaths', columns: ['EventType'], rows: [['Flood']] },
      { name: 'StormsWithInjuries', columns: ['EventType'], rows: [['Heat']] },
      { name: 'Table_2', columns: ['Count'], rows: [[3]] },
    ]);
    expect(r).toBe(r.tables[0]);
    expect(r.table('StormsWithInjuries')!.rows).toEqual([['Heat']]);
    expect(r.table('nope')).toBeUndefined();
  });

  it('fork after let statements; unnamed legs are Table_<i>', () => {
    const r = db.querySync('let S = StormEvents | where DeathsDirect > 0; S | fork (count) (summarize max(DeathsDirect))');
    expect(summary(r.tables)).toEqual([
      { name: 'Table_0', columns: ['Count'], rows: [[2]] },
      { name: 'Table_1', columns: ['max_DeathsDirect'], rows: [[5]] },
    ]);
  });

  it('facet: the with table, then count_<Col> by each column (facet-operator.md)', () => {
    const r = db.querySync('StormEvents | facet by State, EventType with (where DeathsDirect > 0 | project State, EventType)');
    expect(summary(r.tables)).toEqual([
      { name: 'Table_0', columns: ['State', 'EventType'], rows: [['FLORIDA', 'Flood'], ['TEXAS', 'Hail']] },
      { name: 'State', columns: ['State', 'count_State'], rows: [['FLORIDA', 3], ['TEXAS', 1]] },
      { name: 'EventType', columns: ['EventType', 'count_EventType'], rows: [['Flood', 2], ['Heat', 1], ['Hail', 1]] },
    ]);
    expect(db.analyze('StormEvents | facet by State').columns).toEqual([{ name: 'State', type: 'string' }, { name: 'count_State', type: 'long' }]);
  });

  it('two tables with one name, an unknown facet column, fork not last: errors', () => {
    expect(() => db.querySync('StormEvents | fork a=(take 1) a=(take 2)')).toThrow(KqlError);
    expect(() => db.querySync('StormEvents | facet by Nope')).toThrow(/unknown column 'Nope'/);
    expect(() => db.querySync('StormEvents | fork (take 1) (take 2) | count')).toThrow(/'fork' is not allowed/);
    expect(() => db.querySync('StormEvents | join (StormEvents | facet by State) on State')).toThrow(/'facet' is not allowed/);
  });

  it('the shared input runs once, with the optimizer on and off', () => {
    for (const optimize of [true, false]) {
      const r = db.querySync('StormEvents | extend r = rand() | fork (summarize a = sum(r)) (summarize b = sum(r))', { optimize });
      expect(r.tables[0]!.rows[0]![0]).toBe(r.tables[1]!.rows[0]![0]);
    }
  });
});
