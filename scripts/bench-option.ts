/**
 * A benchmark's numeric command-line option: `--name 5` after `npm run bench:x --`.
 * Missing, not a number, or not above zero: the fallback, so a typo never runs a bench of zero seconds.
 */
export function benchOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
