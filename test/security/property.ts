import fc from 'fast-check';

/**
 * Runs `numRuns` generated values through `check` (fast-check drives generation from `seed`). The checks
 * record what they find themselves; an exception (the server stopped answering, a broken fixture) ends the run
 * and is rethrown as it is: fast-check's own report would print the whole counterexample, and a hostile one
 * (a rule nested 5,000 deep, a 2 MB body) is too deep or too long to print.
 */
export async function forAll<T>(
  arb: fc.Arbitrary<T>,
  check: (v: T) => Promise<void>,
  opts: { numRuns: number; seed: number },
): Promise<void> {
  let error: unknown = null;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      await check(v);
    }),
    {
      ...opts,
      endOnFailure: true,
      reporter: (d) => {
        if (d.failed) error = d.errorInstance ?? new Error(`property failed after ${d.numRuns} runs`);
      },
    },
  );
  if (error) throw error;
}
