import { describe, expect, it } from 'vitest';
import { pooledRandom } from './random-pool.js';

describe('pooledRandom', () => {
  it('hands out each drawn byte once, drawing a new pool when the current one runs out', () => {
    let counter = 0;
    const draws: number[] = [];
    const source = (n: number): Uint8Array => {
      draws.push(n);
      return Uint8Array.from({ length: n }, () => counter++ % 256);
    };
    const random = pooledRandom(source, 40);
    const answers = [random(16), random(16), random(16), random(100), random(8)];
    expect(answers.map((a) => a.length)).toEqual([16, 16, 16, 100, 8]);
    // 16 + 16 fit the first pool of 40; the third 16 opens a second; 100 is drawn alone.
    expect(draws).toEqual([40, 40, 100]);
    expect([...(answers[1] ?? [])]).toEqual(Array.from({ length: 16 }, (_, i) => 16 + i));
    expect([...(answers[2] ?? [])]).toEqual(Array.from({ length: 16 }, (_, i) => 40 + i));
    expect([...(answers[4] ?? [])]).toEqual(Array.from({ length: 8 }, (_, i) => 56 + i));
  });

  it('answers copies: changing one answer changes no other', () => {
    const random = pooledRandom((n) => new Uint8Array(n).fill(7), 64);
    const a = random(16);
    a.fill(0);
    expect([...random(16)]).toEqual(Array.from({ length: 16 }, () => 7));
  });
});
