import { p50Comparison, pairedP50, pairedRate, refiningRate, sustainableRate, type RateFigures } from '../../bench/capacityVerdict';

const step = (rate: number, p50Ms: number, p99Ms: number, missing = 0): RateFigures => ({ rate, p50Ms, p99Ms, missing });

describe('bench:capacity verdicts', () => {
  it('a rate is sustained with p99 ≤ 250 ms and no job missing; the highest counts', () => {
    expect(sustainableRate([step(5, 20, 60), step(10, 25, 240), step(20, 900, 3000)])).toBe(10);
    expect(sustainableRate([step(5, 20, 60), step(10, 25, 240, 1)])).toBe(5);
    expect(sustainableRate([step(5, 20, 251)])).toBe(0);
  });

  it('narrows the gap between the highest sustained rate and the lowest failed one above it', () => {
    expect(refiningRate([step(5, 20, 60), step(10, 25, 240), step(15, 90, 400), step(20, 900, 3000)])).toBe(12);
    expect(refiningRate([step(5, 20, 60), step(10, 25, 240), step(15, 90, 400), step(12, 40, 200)])).toBe(13);
    expect(refiningRate([step(5, 20, 60), step(10, 25, 240), step(12, 40, 300), step(15, 90, 400)])).toBe(11);
    expect(refiningRate([step(10, 25, 240), step(11, 40, 300)])).toBeUndefined(); // adjacent
    expect(refiningRate([step(5, 20, 60), step(10, 25, 240)])).toBeUndefined(); // nothing failed: the ladder was too short
    expect(refiningRate([step(5, 20, 260, 0), step(10, 25, 900)])).toBe(2); // nothing sustained: below the lowest
  });

  it('compares p50s at a quarter of bare’s sustainable rate, else at the nearest rate run below it', () => {
    const reelflow = [step(5, 30, 80), step(10, 40, 120), step(20, 60, 200)];
    const bare = [step(5, 20, 50), step(10, 25, 60), step(20, 28, 90)];
    expect(p50Comparison(reelflow, bare, 20)).toMatchObject({ wantedRate: 5, rate: 5, exact: true, ratio: 1.5 });
    expect(p50Comparison(reelflow, bare, 40)).toMatchObject({ wantedRate: 10, rate: 10, exact: true, ratio: 1.6 });
    // 2.5/s was not run: the lowest rate stands in, and says it is not exact.
    expect(p50Comparison(reelflow, bare, 10)).toMatchObject({ wantedRate: 2.5, rate: 5, exact: false });
    expect(p50Comparison([], bare, 20)).toBeUndefined();
  });

  it('reads the p50 target in alternated rounds at a quarter of bare’s sustainable rate, when that limit was found', () => {
    expect(pairedRate(20, 40)).toBe(5);
    expect(pairedRate(13, 40)).toBe(3);
    expect(pairedRate(3, 40)).toBe(1); // never below 1 job/s
    expect(pairedRate(40, 40)).toBeUndefined(); // bare sustained the highest rate run: its limit is unknown
    expect(pairedRate(0, 40)).toBeUndefined();
  });

  it('takes the median of the rounds’ ratios, so one noisy round does not decide', () => {
    const rounds = [
      { reelflowP50Ms: 26, bareP50Ms: 20 }, // 1.3
      { reelflowP50Ms: 22, bareP50Ms: 20 }, // 1.1
      { reelflowP50Ms: 40, bareP50Ms: 16 }, // 2.5: the machine's bad minute
    ];
    expect(pairedP50(5, rounds)).toMatchObject({ rate: 5, ratio: 1.3, min: 1.1, max: 2.5 });
    expect(pairedP50(5, rounds.slice(0, 2))!.ratio).toBeCloseTo(1.2);
    expect(pairedP50(5, [])).toBeUndefined();
  });
});
